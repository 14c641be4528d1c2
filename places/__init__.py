"""China's administrative divisions (from jionlp) plus special areas, as a place hierarchy."""
