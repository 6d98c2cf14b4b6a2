-- An amount of 万元 as whole cents (1 万元 = 1 000 000 分), the unit money is added and split in.
create or replace macro cents(wan) as round(wan::decimal(38, 9) * 1000000)::hugeint;
