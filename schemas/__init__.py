"""JSON Schemas for lakip's output contract and its data files (shipped as package data)."""
