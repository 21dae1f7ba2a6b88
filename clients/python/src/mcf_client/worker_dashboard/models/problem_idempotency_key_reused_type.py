from enum import StrEnum


class ProblemIdempotencyKeyReusedType(StrEnum):
    URNMCFPROBLEMIDEMPOTENCY_KEY_REUSED = "urn:mcf:problem:idempotency-key-reused"

    def __str__(self) -> str:
        return str(self.value)
