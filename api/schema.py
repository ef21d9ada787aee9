"""The error answers every operation of the open data API can give, added to the OpenAPI schema in one place."""

ERROR = {
    "type": "object",
    "description": "What was wrong: `detail`, or per parameter a list of reasons.",
    "additionalProperties": True,
}
ERRORS = {
    "400": "A parameter is not valid (a wrong type, an unknown choice, empty, or given twice); the body says which.",
    "404": "No such object, or a page after the last one.",
    "429": "Too many requests from this address; try again after the number of seconds in Retry-After.",
}


def document_errors(result, generator, request, public):
    """Add the 400, 404 and 429 answers (a JSON object saying what was wrong) to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            takes_query = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
            for status, description in ERRORS.items():
                if status == "400" and not takes_query:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
