"""The writers, one module (or package) per output format, each ``@register``-ed:
the registry imports every module here, and nothing else lives here. Their shared
parts are beside this package (:mod:`..base`, :mod:`..ics_parts`, :mod:`..ics_agenda`)."""
