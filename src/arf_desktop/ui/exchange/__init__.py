"""The Exchange screen: work packs out, score returns in, edit clashes."""
