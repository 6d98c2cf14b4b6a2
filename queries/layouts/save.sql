-- Save (or replace) the layout of one header signature.
insert or replace into layouts (signature, name, kind, header_row, headers, mapping, created_by, created_at, used_at)
values ($signature, $layout_name, $kind, $header_row, $headers, $mapping, $created_by, $created_at, $used_at)
