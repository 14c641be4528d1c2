"""Prompt files (Chinese), loaded by name; rendering fails loudly on a missing variable."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROMPT_DIR = Path(__file__).resolve().parent


class PromptError(KeyError):
    """A prompt file is missing or a variable was not supplied."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Prompt:
    """A template with `{name}` fields (write `{{` and `}}` for literal braces)."""

    name: str
    template: str

    @property
    def variables(self) -> set[str]:
        """Names of the fields in the template."""
        fields = string.Formatter().parse(self.template)
        return {name for _, name, _, _ in fields if name}

    def render(self, **values: object) -> str:
        """Fill every field; a missing or unknown variable is an error naming it."""
        missing = self.variables - values.keys()
        if missing:
            raise PromptError(
                f"prompt '{self.name}' needs variable(s): {', '.join(sorted(missing))}"
            )
        unknown = values.keys() - self.variables
        if unknown:
            raise PromptError(
                f"prompt '{self.name}' has no variable(s): {', '.join(sorted(unknown))}"
            )
        return self.template.format(**values)


@lru_cache(maxsize=32)
def load_prompt(name: str, folder: Path = PROMPT_DIR) -> Prompt:
    """Load `<folder>/<name>.txt`."""
    path = folder / f"{name}.txt"
    if not path.is_file():
        raise PromptError(f"prompt file not found: {path}")
    return Prompt(name, path.read_text(encoding="utf-8"))
