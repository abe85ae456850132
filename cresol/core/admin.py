"""What the sections' admins share."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .images import ImageUploadField, attach_image

if TYPE_CHECKING:  # the mixins go before ModelAdmin in a page's bases: they may call its methods
    from django.contrib.admin import ModelAdmin

    AdminBase = ModelAdmin[Any]
else:
    AdminBase = object


class ProcessedImagesAdminMixin(AdminBase):
    """Images uploaded in the admin are checked and processed as in the members' forms.

    `processed_images` maps each image field to its thumbnail field: the upload is refused unless it
    is a JPEG, PNG or WebP of 5 MB at most, then re-encoded (no EXIF, so no GPS position; at most
    1600 px) with its 400 px thumbnail, before the object is saved.
    """

    processed_images: dict[str, str] = {}

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.processed_images:
            return ImageUploadField(
                label=db_field.verbose_name.capitalize(), required=not db_field.blank, widget=AdminFileWidget
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        for field, thumbnail_field in self.processed_images.items():
            if field in form.changed_data:
                upload = form.cleaned_data.get(field)
                attach_image(obj, upload or False, name=obj.slug or field, field=field, thumbnail_field=thumbnail_field)
        super().save_model(request, obj, form, change)


class ServiceAdminMixin(AdminBase):
    """Every write of an admin page goes through its section's service, as every write of the portal
    (CONTRIBUTING, "One write path"): the service computes the derived fields, whoever writes.

    A page implements `save_with_service` (the object, once its form and inlines are valid, saved with
    its relations by calling `save_relations()` after the object); `delete_with_service` (a queryset:
    the page's delete and the list's "delete selected" alike) is `contents_delete` unless the section's
    deletion does more. tests/core/test_admin_services.py fails
    for any SQL write an admin page makes outside a service.
    """

    def save_with_service(
        self, request: HttpRequest, obj: Any, *, form: Any, change: bool, save_relations: Callable[[], None] | None
    ) -> None:
        raise NotImplementedError(f"{type(self).__name__} saves through its section's service")

    def delete_with_service(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The shared deletion; a page whose deletion does more calls its section's service instead."""
        services.contents_delete(queryset=queryset)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing yet: the service saves the object with its relations, in save_related."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        def save_relations() -> None:
            form.save_m2m()
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

        self.save_with_service(request, form.instance, form=form, change=change, save_relations=save_relations)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_with_service(request, type(obj)._default_manager.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self.delete_with_service(request, queryset)


class ReadOnlyAdminMixin(AdminBase):
    """A page staff read and never change here: what it shows is written elsewhere, by a service."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
