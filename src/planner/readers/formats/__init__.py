"""The readers, one module per schedule format, each with its ``@register``-ed class(es):
the registry imports every module here, and nothing else lives here. Their shared
parts are beside this package (:mod:`..base`, :mod:`..frab`, :mod:`..zones`, ...)."""
