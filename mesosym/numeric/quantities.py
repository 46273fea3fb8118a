"""The quantities every numeric backend offers, by their short names.

>>> QUANTITIES["s"]
'entropy'
"""

__all__ = ["QUANTITIES"]

#: short name -> the name of the function each backend defines
QUANTITIES = {
    "x": "saddle_point",
    "t": "log_saddle_point",
    "s": "entropy",
    "beta": "inverse_temperature",
    "var": "energy_variance",
    "c": "heat_capacity",
}
