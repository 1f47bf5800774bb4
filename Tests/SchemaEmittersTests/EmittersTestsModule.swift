// Tests of the emitters.
