"""The actions that bring a seeded dialogue, initiative or support request to each state, walked by the player.

The player (seeding/player.py) looks every step up in the app's transition table, so a path the table does
not allow fails loudly instead of seeding a status nobody could reach.
"""

from connect.models import Offer
from connect.workflow import ACCEPT as OFFER_ACCEPT
from connect.workflow import DECLINE as OFFER_DECLINE
from dialogues.models import Dialogue
from dialogues.workflow import Action as DialogueAction
from initiatives.models import Initiative
from initiatives.workflow import Action
from support.models import SupportRequest
from support.workflow import ASSIGN, DECLINE, FINISH, START

I = Initiative.Status  # noqa: E741
A = Action
R = SupportRequest.Status

# From a draft. "withdrawn_public": withdrawn after it had been public (the withdrawn one never was).
INITIATIVE_PATHS: dict[str, list[str]] = {
    I.DRAFT: [],
    I.SUBMITTED: [A.SUBMIT],
    I.INTAKE: [A.SUBMIT, A.TAKE_UP],
    I.INFORMATION_REQUESTED: [A.SUBMIT, A.ASK],
    I.REFUSED: [A.SUBMIT, A.REFUSE],
    I.WITHDRAWN: [A.SUBMIT, A.WITHDRAW],
    I.ACTIVE: [A.SUBMIT, A.ACCEPT],
    I.REALISED: [A.SUBMIT, A.ACCEPT, A.REALISE],
    I.STRANDED: [A.SUBMIT, A.ACCEPT, A.STRAND],
    "withdrawn_public": [A.SUBMIT, A.ACCEPT, A.WITHDRAW],
}

# From a new request. A request declined after a supporter looked at it was assigned first.
SUPPORT_PATHS: dict[str, list[str]] = {
    R.NEW: [],
    R.ASSIGNED: [ASSIGN],
    R.IN_PROGRESS: [ASSIGN, START],
    R.DONE: [ASSIGN, START, FINISH],
    R.DECLINED: [ASSIGN, DECLINE],
    "declined_new": [DECLINE],
}

D = Dialogue.State
DA = DialogueAction

# From an opened dialogue (dialogue_open), the shortest way the table allows to each state.
DIALOGUE_PATHS: dict[str, list[str]] = {
    D.REQUESTED: [],
    D.ASSIGNED: [DA.ASSIGN],
    D.IN_DIALOGUE: [DA.ASSIGN, DA.ANSWER],
    D.AWAITING_INITIATIVE: [DA.ASSIGN, DA.ANSWER, DA.ASK],
    D.OUTCOME_PROPOSED: [DA.ASSIGN, DA.ANSWER, DA.PROPOSE],
    D.CONTESTED: [DA.ASSIGN, DA.ANSWER, DA.PROPOSE, DA.CONTEST],
    D.CONCLUDED: [DA.ASSIGN, DA.ANSWER, DA.PROPOSE, DA.ACCEPT],
    D.REOPENED: [DA.ASSIGN, DA.ANSWER, DA.PROPOSE, DA.ACCEPT, DA.REQUEST_REOPEN],
    D.WITHDRAWN: [DA.ASSIGN, DA.WITHDRAW],
    D.CLOSED: [DA.CLOSE],
}

OF = Offer.State

# From a new offer of help. The declined one in the demo was turned down straight away.
OFFER_PATHS: dict[str, list[str]] = {
    OF.OFFERED: [],
    OF.ACCEPTED: [OFFER_ACCEPT],
    OF.DECLINED: [OFFER_DECLINE],
}
