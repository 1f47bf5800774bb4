// Tests of the schema language.
