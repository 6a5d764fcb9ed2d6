"""The shared kernel: what every app may use and nothing in it knows any app.

Images, working days, privacy masks, citizen text, spreadsheets, throttles, private
files, demo pictures, the API's shared fields, inputs, errors and schema, and the
admin's shared pieces. The layers above it (departments, then cases and
media_gallery, then feedback, then the site in portal/) are checked by
import-linter (`make lint`, pyproject.toml [tool.importlinter]).
"""
