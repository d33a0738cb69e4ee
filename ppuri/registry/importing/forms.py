from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from ppuri.core.privacy import looks_like_resident_number

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".txt"}


class FactoryFileForm(forms.Form):
    file = forms.FileField(
        label=_("공장등록 현황 파일"),
        help_text=_("한국산업단지공단 공장등록 현황(5열 또는 35열). CSV(UTF-8 또는 CP949) 또는 XLSX."),
    )
    dry_run = forms.BooleanField(label=_("시험 실행(저장하지 않고 결과만 보기)"), required=False)
    strict = forms.BooleanField(
        label=_("엄격 모드(잘못된 행이 하나라도 있으면 파일 전체 거부)"), required=False
    )

    def clean_file(self) -> UploadedFile:
        uploaded: UploadedFile = self.cleaned_data["file"]
        if looks_like_resident_number(uploaded.name or ""):  # refused before the file is written
            raise forms.ValidationError(
                _("파일 이름에 주민등록번호 형식의 번호가 있습니다. 이름을 바꿔 다시 올려 주세요.")
            )
        if Path(uploaded.name or "").suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("CSV나 XLSX 파일만 올릴 수 있습니다."))
        if (uploaded.size or 0) > settings.PPURI_IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("파일이 너무 큽니다(최대 %(mb)d MB).") % {"mb": settings.PPURI_IMPORT_MAX_MB}
            )
        return uploaded
