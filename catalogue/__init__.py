"""What each table is, said once: the Table Schemas plus `tables.EXTRAS`, read by every layer;
and the quote-folding rule (`text`) that the validator and the explorer share."""
