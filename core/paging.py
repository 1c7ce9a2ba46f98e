from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, *, per_page=PAGE_SIZE):
    """The requested page of `queryset`; a page number out of range or not a number gives the
    nearest valid page instead of an error."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number))
    return page
