"""The AWS Well-Architected Tool, answered from evidence.

* ``answer``: read the question ``securely-operate`` of a workload (its choice ids change
  between lens versions), plan which choices the evidence selects, and apply the plan
  with one ``update_answer`` (and optionally a milestone).
* ``lens``: a custom lens whose choices are the wa-sec01 requirements and whose risk
  rules follow the same evidence.
* ``client``: the boto3 client from secfound's live session settings, and the Tool's
  errors as one-line ``IntegrationError``.

boto3 is imported only inside ``client.open_client``; the rest is pure.
"""

from secfound.integrations.wellarchitected.answer import (
    QUESTION_ID,
    AnswerPlan,
    ChoiceAction,
    ChoicePlan,
    LiveAnswer,
    apply_plan,
    live_answer,
    plan_answer,
    read_answer,
)
from secfound.integrations.wellarchitected.client import (
    REQUIRED_ACTIONS,
    call,
    open_client,
)
from secfound.integrations.wellarchitected.lens import (
    build_lens,
    evaluate_risk,
    lens_problems,
)

__all__ = [
    "QUESTION_ID",
    "REQUIRED_ACTIONS",
    "AnswerPlan",
    "ChoiceAction",
    "ChoicePlan",
    "LiveAnswer",
    "apply_plan",
    "build_lens",
    "call",
    "evaluate_risk",
    "lens_problems",
    "live_answer",
    "open_client",
    "plan_answer",
    "read_answer",
]
