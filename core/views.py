"""The workspace's edit pages: a form saved together with its inline formsets.

Every such page binds its form and formsets to `edit_data(request)`, then hands them to
`edit_page`, which saves them, shows what someone else saved meanwhile, or adds a row.

A formset starts with one blank row. Its "Add a row" button (the `manage/_formset.html`
partial) posts the whole form with `add_row=<the formset's prefix>`: the page comes back with
what was typed and one more blank row of that formset, and nothing is saved. It is an ordinary
submit button, so it works without JavaScript.
"""

from django.contrib import messages
from django.forms.formsets import all_valid
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render

from .concurrency import save_or_conflicts

ADD_ROW = "add_row"


def adding_row(request):
    """Whether the user pressed a formset's "Add a row" rather than "Save"."""
    return request.method == "POST" and ADD_ROW in request.POST


def edit_data(request):
    """(data, files) to bind an edit page's form and formsets to: (None, None) on GET. After
    "Add a row", the data asks for one more row of the formset whose prefix it names."""
    if request.method != "POST":
        return None, None
    data = request.POST
    total = f"{data.get(ADD_ROW, '')}-TOTAL_FORMS"
    if adding_row(request) and data.get(total, "").isdigit():
        data = data.copy()
        data[total] = str(int(data[total]) + 1)
    return data, request.FILES


def edit_page(request, template_name, *, form, formsets=None, context=None, saved, success_url):
    """The edit page of `form` and its `formsets` (a dict: the name each has in the template),
    bound to `edit_data(request)`.

    On a POST of "Save" everything is checked, the form first (rows may be checked against the
    record it describes), so every error shows at once; when all is valid the record is saved
    unless someone else saved it meanwhile (`save_or_conflicts`): then the message `saved` and
    a redirect to `success_url(record)`. Otherwise the page shows the form again, with the
    differences of a stale edit as `conflicts` and the number of row errors as
    `formset_errors`. After "Add a row" nothing is checked nor saved.
    """
    formsets = formsets or {}
    conflicts = []
    if adding_row(request):
        _without_errors(form, *formsets.values())
    elif request.method == "POST" and all_valid([form, *formsets.values()]):
        record, conflicts = save_or_conflicts(form, *formsets.values())
        if record is not None:
            messages.success(request, saved)
            return redirect(success_url(record))
    return render(
        request,
        template_name,
        {
            "form": form,
            **formsets,
            "formset_errors": sum(formset.total_error_count() for formset in formsets.values()),
            "conflicts": conflicts,
            **(context or {}),
        },
    )


def _without_errors(form, *formsets):
    """Show `form` and `formsets` with what was typed and no errors: a row asked for is not a
    save, and a half-filled form is not wrong yet. Django checks a bound form the first time
    its errors are read; empty errors, set beforehand, stand for that check."""
    form._errors = ErrorDict()
    for formset in formsets:
        for row in formset.forms:
            row._errors = ErrorDict()
        formset._errors = [row._errors for row in formset.forms]
        formset._non_form_errors = formset.error_class(renderer=formset.renderer)
