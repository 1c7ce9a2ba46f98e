from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, *, per_page=PAGE_SIZE):
    """The requested page of `queryset`; a page number out of range or not a number gives the
    nearest valid page instead of an error."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page


def with_counts(rows, model, **counts):
    """`rows` (a page's objects of `model`) as a list, each with the aggregates `counts` set as
    attributes, read in one query for these rows alone. Counted in a list's own query, the
    database groups every row of the table before it can take the page's twenty."""
    rows = list(rows)
    values = (
        model._default_manager.filter(pk__in=[row.pk for row in rows])
        .order_by()
        .annotate(**counts)
        .values("pk", *counts)
    )
    found = {value.pop("pk"): value for value in values}
    # A row deleted between the page's query and this one counts nothing, rather than a 500.
    nothing = dict.fromkeys(counts, 0)
    for row in rows:
        for name, value in found.get(row.pk, nothing).items():
            setattr(row, name, value)
    return rows
