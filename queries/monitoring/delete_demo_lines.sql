-- Drop the demo's own monitoring lines (the demo is about to be loaded again); an admin's lines stay.
delete from monitoring_lines where origin = 'demo'
