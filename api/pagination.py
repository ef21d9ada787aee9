import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,17}")


def positive_parameter(request, name, default):
    """Return query parameter `name` as a whole number from 1, `default` when absent; anything else is a 400."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw):
        raise ValidationError({name: [_("A whole number from 1 is required.")]})
    return int(raw)


class Pagination(PageNumberPagination):
    """Pages of 50 by default; `page_size` asks for up to 200 (more is capped at 200).

    `page` and `page_size` are whole numbers from 1, as the schema says: anything else is a 400, a page after
    the last one a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request):
        return min(positive_parameter(request, self.page_size_query_param, self.page_size), self.max_page_size)

    def get_page_number(self, request, paginator):
        return positive_parameter(request, self.page_query_param, 1)

    def get_schema_operation_parameters(self, view):
        whole = {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page number, from 1; a page after the last one is a 404.",
                "schema": whole,
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page (default {self.page_size}; more than {self.max_page_size} "
                f"gives {self.max_page_size}).",
                "schema": whole,
            },
        ]

    def get_paginated_response_schema(self, schema):
        # The links are absent on the first and last page: "string or null" as OpenAPI 3.1 writes it.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {"count": {"type": "integer"}, "next": link, "previous": link, "results": schema},
        }
