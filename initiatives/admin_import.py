"""The admin's CSV import of initiatives: send a file, read the dry run's report line by line, import.

Two pages under /admin/initiatives/initiative/importer/, for staff who may add initiatives. The file
is kept (`InitiativeImport`) between the dry run and the import, which checks it again: the map may
have changed meanwhile. An import runs once, even if the button is pressed twice.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cresol.accounts.requests import staff_member
from cresol.core.forms import posted, posted_files
from cresol.core.wording import count_of

from . import importer, services
from .models import InitiativeImport


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou JSON GoGoCarto"),
        help_text=gettext_lazy(
            "Un CSV avec les colonnes de l'export de la carte (nom, description_courte, type, thematiques, commune "
            "ou code_insee, latitude, longitude, site_web, email, telephone, horaires…), séparées par « ; » ou "
            "« , » ; ou les données JSON d'une carte GoGoCarto (liste « data » d'éléments). 2 Mo au plus."
        ),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publier directement"),
        required=False,
        help_text=gettext_lazy("Sinon les initiatives attendent la relecture, comme la proposition d'un membre."),
    )
    include_duplicates = forms.BooleanField(
        label=gettext_lazy("Importer aussi les doublons possibles"),
        required=False,
        help_text=gettext_lazy("Ils sont alors signalés « doublon possible » dans la liste des initiatives."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise ValidationError(_("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers."))
        if not upload.name.lower().endswith((".csv", ".txt", ".json")):
            raise ValidationError(
                _("Envoyez un fichier .csv (enregistré depuis le tableur au format CSV) ou .json (GoGoCarto).")
            )
        return upload


IMPORT_PERMISSION = "initiatives.add_initiativeimport"  # the moderators have it


def _check_permission(model_admin: Any, request: HttpRequest):
    if not request.user.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def import_start(model_admin: Any, request: HttpRequest) -> HttpResponseBase:
    """Send a file: it is checked at once (nothing written but the file) and its report shown."""
    _check_permission(model_admin, request)
    form = ImportForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            report, _to_create = importer.check(content, include_duplicates=form.cleaned_data["include_duplicates"])
        except importer.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            batch = services.import_batch_create(
                file_name=form.cleaned_data["file"].name,
                content=content,
                report=report.as_dict(),
                publish=form.cleaned_data["publish"],
                include_duplicates=form.cleaned_data["include_duplicates"],
                by=staff_member(request),
            )
            return redirect("admin:initiatives_initiative_import_report", batch.pk)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "form": form,
        "title": _("Importer des initiatives (CSV)"),
        "recent": InitiativeImport.objects.listed()[:10],
    }
    return TemplateResponse(request, "admin/initiatives/import_start.html", context, status=400 if form.errors else 200)


def import_report(model_admin: Any, request: HttpRequest, pk: int) -> HttpResponseBase:
    """The dry run's report; the button imports the lines marked "à créer"."""
    _check_permission(model_admin, request)
    batch = get_object_or_404(InitiativeImport, pk=pk)
    if request.method == "POST":
        created = _run(batch, request) if batch.imported_at is None else None
        if created is not None:
            decision = _("publiées") if batch.publish else _("envoyées à la relecture")
            messages.success(
                request,
                count_of(len(created), _("initiative importée"), _("initiatives importées")) + f" ({decision}).",
            )
        return redirect("admin:initiatives_initiative_import_report", batch.pk)
    report = importer.Report.from_dict(batch.report)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "batch": batch,
        "report": report,
        "title": _("Rapport de l'import « %(name)s »") % {"name": batch.file_name},
        "summary": "{lines} : {new}, {duplicates}, {errors}.".format(
            lines=count_of(len(report.lines), _("ligne lue"), _("lignes lues")),
            new=count_of(report.count("new"), _("à créer"), _("à créer")),
            duplicates=count_of(report.count("duplicate"), _("doublon possible"), _("doublons possibles")),
            errors=count_of(report.count("error"), _("en erreur"), _("en erreur")),
        ),
        "to_import": count_of(report.to_import, _("initiative"), _("initiatives")) if report.to_import else "",
        "created": count_of(batch.imported_count, _("initiative créée"), _("initiatives créées")),
    }
    return TemplateResponse(request, "admin/initiatives/import_report.html", context)


def _run(batch: InitiativeImport, request: HttpRequest):
    """The import itself, once: the row is locked, so a second press waits and then finds it done
    (None)."""
    with transaction.atomic():
        batch = InitiativeImport.objects.select_for_update().get(pk=batch.pk)
        if batch.imported_at is not None:
            return None
        report, to_create = importer.check(bytes(batch.content), include_duplicates=batch.include_duplicates)
        created = importer.initiatives_import(
            to_create=to_create,
            by=staff_member(request),
            publish=batch.publish,
            origin=f"import CSV « {batch.file_name} »",
        )
        services.import_batch_done(batch=batch, report=report.as_dict(), created_count=len(created))
    return created
