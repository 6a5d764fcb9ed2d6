"""The site's compositions: one app's rows with the figures of an app above it.

Departments, cases and feedback stand in layers (pyproject.toml
[tool.importlinter]): feedback reads departments and cases, never the reverse. What
citizens and staff see joins them, so it is put together here, on top:

- `departments.py`: the departments API with each department's 市民印象 and
  满意率, and each leader's 领导点评 rating;
- `cases.py`: the case look-up with the citizen's 好差评 of each answer;
- `ledger.py`: the case ledgers' 满意度 column (`connect`, from
  `portal.apps.PortalConfig.ready`).

Each extends the lower app's own serializer or view and keeps its OpenAPI
component name, so the API and its schema read as if one app served them.
"""
