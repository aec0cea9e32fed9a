"""The translations: `id/LC_MESSAGES/sampingdesa.po` (Indonesian; compiled to `.mo`), the
.po/.mo reader and writer (`catalog`) and the msgid extractor (`extract`, for Babel and the
catalogue test). Loading is in `sampingdesa.i18n`."""
