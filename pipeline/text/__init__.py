"""The text layer: normalisation, sentence splitting and boilerplate marking.

Everything downstream (tokens, spans, evidence) indexes into the *normalised* text, so the
normalisation is done once, here, before underthesea sees the text.
"""

from pipeline.text.boilerplate import boilerplate_paragraphs, signs_off
from pipeline.text.normalize import normalize
from pipeline.text.sentences import split_sentences

__all__ = ["boilerplate_paragraphs", "normalize", "signs_off", "split_sentences"]
