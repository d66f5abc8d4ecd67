"""The prospectus: ambitions, evidence, charts, PDF rendering and exports."""
