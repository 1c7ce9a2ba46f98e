"""The spreadsheet engine every app's imports and downloads run on, one module per job:

- `reading`: an uploaded CSV or XLSX into rows headed by a resource's columns;
- `columns`: what a cell may hold and how it becomes a value (the resources' widgets);
- `resources`: `SpreadsheetResource`, the base of every import resource, and its report;
- `history`: history records of an import, written in batches;
- `templates`: the template file of an import;
- `jobs`: checking, applying and cancelling an import, and its progress;
- `downloads`: list downloads (CSV / XLSX) and the formula guard;
- `forms` and `views`: the import pages, routed by `ImportPages.urlpatterns()`.
"""
