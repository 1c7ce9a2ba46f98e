"""What the pickers' search views share: how many matches they answer with, and the query as
typed, tidied and cut to a length no name reaches."""

RESULTS = 20
# Longer than any name; a longer query finds nothing anyway and is not worth a scan.
QUERY_LENGTH = 200


def search_query(request):
    """The `q` parameter with its spaces folded, at most QUERY_LENGTH characters ("" if none)."""
    return " ".join(request.GET.get("q", "").split())[:QUERY_LENGTH]
