"""Who gets a voice: quoted words and quotations per speaker per outlet."""

from __future__ import annotations

import pandas as pd

UNATTRIBUTED = "(unattributed)"
VOICE_COLUMNS = ["speaker", "quotes_a", "words_a", "quotes_b", "words_b", "quoted_by"]


def voices(quotes_table: pd.DataFrame, outlet_a: str, outlet_b: str) -> pd.DataFrame:
    """Quoted words and quotes per speaker per outlet (body quotations only; scare quotes are nobody's words).

    Parameters
    ----------
    quotes_table : DataFrame
        ``extract(articles)``.
    outlet_a, outlet_b : str
        The two outlets to count.

    Returns
    -------
    DataFrame
        speaker, quotes_a, words_a, quotes_b, words_b, quoted_by ("both", or the one outlet), one row per
        speaker_id, sorted by total quoted words, most first; empty (with these columns) when there is no
        quotation. A person named in full in one outlet and by surname alone in the other ("Vladimir Putin" /
        "Putin") counts as one.
    """
    body = quotes_table[(quotes_table["where"] == "body") & (quotes_table["kind"] != "scare")
                        & quotes_table["outlet"].isin([outlet_a, outlet_b])]
    if body.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("speaker", "quoted_by") else int) for c in VOICE_COLUMNS})
    names = sorted(set(body["speaker_id"]) - {""}, key=lambda n: (-len(n.split()), n))
    full: dict[str, str] = {}
    for name in names:
        full.setdefault(name.split()[-1], name)
    speaker = [full.get(s.split()[-1], s) if s else UNATTRIBUTED for s in body["speaker_id"]]
    counts = (body.assign(speaker=speaker).groupby(["speaker", "outlet"])
                  .agg(quotes=("quote_id", "size"), words=("n_words", "sum")).unstack("outlet", fill_value=0))
    table = pd.DataFrame({
        "speaker": counts.index,
        "quotes_a": counts["quotes"].get(outlet_a, 0), "words_a": counts["words"].get(outlet_a, 0),
        "quotes_b": counts["quotes"].get(outlet_b, 0), "words_b": counts["words"].get(outlet_b, 0),
    }).reset_index(drop=True)
    for column in ("quotes_a", "words_a", "quotes_b", "words_b"):
        table[column] = table[column].astype(int)
    table["quoted_by"] = ["both" if a and b else (outlet_a if a else outlet_b) for a, b in zip(table["quotes_a"], table["quotes_b"])]
    order = (table["words_a"] + table["words_b"]).rename("total")
    return (table.assign(total=order).sort_values(["total", "speaker"], ascending=[False, True], kind="stable")
                 .drop(columns="total").reset_index(drop=True))
