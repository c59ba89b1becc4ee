"""The catalogue's publishing, apart from its records: the public API (/api/public/) and page (/catalogue/),
the Open Referral HSDS 3.0 publication (/api/hsds/) and the HSDS import (``manage.py import_hsds``).

Everything here is anonymous (no actor): it reads through ``publishing.selectors``, which see only what is
flagged public, over all centres.
"""
