"""Admin for webhook endpoints: Settings → Webhooks.

A Wagtail ``ModelViewSet`` with three additions:

- the secret is generated on create and on "Rotate secret", and shown once, in
  the answer to that POST itself (``webhooks/secret.html``, ``no-store``):
  never in a message, a session or a redirect, so it is kept nowhere but in the
  database, encrypted, and on the editor's screen;
- the endpoint's page ("details", the inspect view) lists its recent
  deliveries, each with a "Re-send" button (same delivery id, back to pending);
- the listing links each endpoint to that page.

Rights are the model's own permissions (add, change, delete, view), which
cms/editorial/roles.py grants to Editors; Writers have none, so they see no
menu item and every view refuses them. Re-sending and rotating need "change".
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import BooleanColumn, ButtonsColumnMixin, Column, TitleColumn
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from cms.webhooks import delivery
from cms.webhooks.forms import WebhookEndpointForm
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint

RECENT_DELIVERIES = 50
ROTATE_ACTION = "cms.webhooks.rotate_secret"


def secret_page(
    request: HttpRequest, endpoint: WebhookEndpoint, secret: str, *, rotated: bool
) -> HttpResponse:
    view = SecretView()
    view.setup(request)
    view.endpoint, view.secret, view.rotated = endpoint, secret, rotated
    response = view.render_to_response(view.get_context_data())
    # The only time the secret is ever shown: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


class EndpointBreadcrumbsMixin:
    """Home › Webhook endpoints › the endpoint › this page, for the views added here."""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        endpoint = self.endpoint_for_breadcrumbs()
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhooks:index"), "label": "Webhook endpoints"},
            {"url": reverse("webhooks:inspect", args=(endpoint.pk,)), "label": str(endpoint)},
            {"url": "", "label": self.get_page_title()},
        ]


class SecretView(EndpointBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView):
    """Rendered by the create and rotate POSTs, never routed on its own."""

    template_name = "webhooks/secret.html"
    header_icon = "key"
    endpoint: WebhookEndpoint
    secret: str
    rotated: bool

    def get_page_title(self) -> str:
        return "New webhook secret" if self.rotated else "Webhook endpoint added"

    def endpoint_for_breadcrumbs(self) -> WebhookEndpoint:
        return self.endpoint

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            endpoint=self.endpoint,
            secret=self.secret,
            rotated=self.rotated,
            detail_url=reverse("webhooks:inspect", args=(self.endpoint.pk,)),
        )
        return context


class EndpointTitleColumn(ButtonsColumnMixin, TitleColumn):
    def __init__(self, *args: Any, view: IndexView, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.view = view

    def get_buttons(self, instance: Any, parent_context: Any) -> list[Any]:
        return self.view.get_list_buttons(instance)


class EndpointIndexView(IndexView):
    @cached_property
    def columns(self) -> list[Any]:
        return [
            # The URL leads to the endpoint's page, where its deliveries are.
            EndpointTitleColumn("url", label="URL", get_url=self.get_inspect_url, view=self),
            Column("description", label="Description"),
            Column("events_display", label="Events"),
            Column("tags_display", label="Tags"),
            BooleanColumn("active", label="Active"),
        ]


class EndpointCreateView(CreateView):
    def save_instance(self) -> WebhookEndpoint:
        endpoint = self.form.instance
        endpoint.created_by = self.request.user
        self.new_secret = endpoint.set_new_secret()
        return super().save_instance()

    def save_action(self) -> HttpResponse:
        return secret_page(self.request, self.object, self.new_secret, rotated=False)


class EndpointInspectView(InspectView):
    """The endpoint's details and its delivery log."""

    template_name = "webhooks/endpoint_detail.html"
    page_title = "Details and deliveries"

    def get_field_label(self, field_name: str, field: Any) -> str:
        labels = {
            "events_display": "Events",
            "tags_display": "Tags",
            "secret_rotated_at": "Secret made",
        }
        return labels.get(field_name) or super().get_field_label(field_name, field)

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Rotate secret",
                    url=reverse("webhooks:rotate", args=(self.object.pk,)),
                    icon_name="key",
                    priority=15,
                )
            )
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["deliveries"] = self.object.deliveries.select_related("event").order_by(
            "-created_at", "-pk"
        )[:RECENT_DELIVERIES]
        context["can_resend"] = self.user_has_permission("change")
        return context


class RotateSecretView(
    EndpointBreadcrumbsMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """GET asks to confirm; POST makes a new secret and shows it once; the old one stops."""

    model = WebhookEndpoint
    permission_required = "change"
    template_name = "webhooks/rotate_confirm.html"
    page_title = "Rotate secret"
    header_icon = "key"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(WebhookEndpoint, pk=kwargs["pk"])

    def endpoint_for_breadcrumbs(self) -> WebhookEndpoint:
        return self.object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            endpoint=self.object,
            detail_url=reverse("webhooks:inspect", args=(self.object.pk,)),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        endpoint = self.object
        secret = endpoint.set_new_secret()
        endpoint.save(update_fields=["secret_encrypted", "secret_rotated_at"])
        log(instance=endpoint, action=ROTATE_ACTION, user=request.user)
        return secret_page(request, endpoint, secret, rotated=True)


class ResendDeliveryView(PermissionCheckedMixin, View):
    """Queue a delivery again: a new attempt with the same delivery id."""

    model = WebhookEndpoint
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any, delivery_id: Any) -> HttpResponse:
        found = WebhookDelivery.objects.filter(pk=delivery_id, endpoint_id=pk).first()
        if found is None:
            raise Http404("No such delivery for this endpoint.")
        if not found.endpoint.active:
            messages.error(request, "This endpoint is disabled: enable it before re-sending.")
        elif delivery.resend(found):
            messages.success(
                request, f"Delivery {found.pk} ({found.event.name}) will be sent again."
            )
        else:
            messages.warning(request, f"Delivery {found.pk} is being sent right now.")
        return redirect("webhooks:inspect", pk)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhooks"
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    inspect_view_class = EndpointInspectView
    # Never the secret, not even encrypted.
    inspect_view_fields = [
        "url",
        "description",
        "events_display",
        "tags_display",
        "active",
        "created_at",
        "secret_rotated_at",
    ]
    form_fields = ["url", "description", "events", "tags", "active"]

    def get_form_class(self, for_update: bool = False) -> type[WebhookEndpointForm]:
        return WebhookEndpointForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("rotate/<int:pk>/", RotateSecretView.as_view(), name="rotate"),
            path(
                "resend/<int:pk>/<uuid:delivery_id>/",
                ResendDeliveryView.as_view(),
                name="resend",
            ),
        ]
