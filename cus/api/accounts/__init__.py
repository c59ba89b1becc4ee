"""The API of the core app's records: auth and the current user (``auth``), centres, users and memberships
(``users``). It lives with the API's shared pieces because the core sits below them."""
