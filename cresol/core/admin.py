"""What the sections' admins share."""

from django.contrib.admin.widgets import AdminFileWidget

from .images import ImageUploadField, attach_image


class ProcessedImagesAdminMixin:
    """Images uploaded in the admin are checked and processed as in the members' forms.

    `processed_images` maps each image field to its thumbnail field: the upload is refused unless it
    is a JPEG, PNG or WebP of 5 MB at most, then re-encoded (no EXIF, so no GPS position; at most
    1600 px) with its 400 px thumbnail, before the object is saved.
    """

    processed_images: dict[str, str] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.processed_images:
            return ImageUploadField(
                label=db_field.verbose_name.capitalize(), required=not db_field.blank, widget=AdminFileWidget
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        for field, thumbnail_field in self.processed_images.items():
            if field in form.changed_data:
                upload = form.cleaned_data.get(field)
                attach_image(obj, upload or False, name=obj.slug or field, field=field, thumbnail_field=thumbnail_field)
        super().save_model(request, obj, form, change)
