"""Start-up checks: ``manage.py`` commands, the web server and workers refuse to start on a
parse model that is missing or is not the pinned one (see ``provenance.text.parse``)."""

from django.core import checks

from provenance.text.parse import ParseModelError, verify_model


@checks.register()
def parse_model_check(app_configs, **kwargs):
    try:
        verify_model()
    except ParseModelError as error:
        return [checks.Error(str(error), id="provenance.E001")]
    return []
