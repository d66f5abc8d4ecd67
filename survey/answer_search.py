"""The trigram index that lets admin search inside answers without reading every answer.

PostgreSQL only (pg_trgm, a trusted extension shipped with PostgreSQL, so the database's owner
can create it); elsewhere there is no index and the search scans. It covers the text answers
only (`text <> ''`), so a query must say so too to use it: survey/admin.py does.
"""

INDEX = "survey_answer_text_trgm"


def index_create(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON survey_answer "
            "USING gin (UPPER(text) gin_trgm_ops) WHERE text <> ''"
        )


def index_drop(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
