"""The Calibration screen: exercises, agreement with the key, the key after submission."""
