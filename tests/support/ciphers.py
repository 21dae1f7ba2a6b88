"""The development ciphers of the services that encrypt the client's contact data (what ``app.cipher`` gives in
development mode without keys), for tests that build a unit of work by hand."""
from mcf.kit.config import Settings
from mcf.kit.crypto import cipher_from

ORDER = cipher_from(Settings(environment="development"), "order")
PAYMENT = cipher_from(Settings(environment="development"), "payment")
