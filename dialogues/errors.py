"""The refusals of dialogue services, each with a message for the person who tried (the workflow core's family)."""

from mokum.workflow import NotAllowed, Refused, StaleVersion, WorkflowError


class DialogueError(WorkflowError):
    """An action that cannot happen, with a message for the person who tried it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ActionNotAllowed(DialogueError, NotAllowed):
    """The transition table does not allow the action in the dialogue's current state (or not yet)."""


class ActionRefused(DialogueError, Refused):
    """The person is not on the side that may take the action."""


class DialogueChanged(DialogueError, StaleVersion):
    """Someone else changed the dialogue since the form was shown."""
