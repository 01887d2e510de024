"""In-memory inputs of the file-based calls (the harness, tuning): a pandas
DataFrame or Series written to a temporary CSV file for the call's length,
a path passed through as it is."""

from __future__ import annotations

import contextlib
import os
import tempfile


def _is_frame(x):
    return hasattr(x, "to_csv")


@contextlib.contextmanager
def csv_paths(**inputs):
    """Yields {name: path}: each input a path (str, bytes or os.PathLike) kept
    as it is, or a DataFrame (written without its index) or a Series (its
    index as "entity", its values as "outcome": the form of outcomes and of
    the user's own scores) written to a temporary file removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="trustscore-") as folder:
        paths = {}
        for name, value in inputs.items():
            if value is None or isinstance(value, (str, bytes, os.PathLike)):
                paths[name] = value
            elif _is_frame(value):
                path = os.path.join(folder, f"{name}.csv")
                if hasattr(value, "columns"):
                    value.to_csv(path, index=False)
                else:  # a Series: entity -> value
                    value.rename("outcome").rename_axis("entity").reset_index().to_csv(
                        path, index=False
                    )
                paths[name] = path
            else:
                raise TypeError(
                    f"{name} must be a path or a pandas DataFrame or Series, "
                    f"not {type(value).__name__}"
                )
        yield paths
