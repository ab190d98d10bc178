"""SEND Resolve: SEND mediation and disagreement resolution, from first contact to every agreed action done."""
