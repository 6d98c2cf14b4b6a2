-- The sex a 与户主关系 implies: 'male' (之子, 之父, 之孙子 …), 'female' (之女, 之母, 之孙女 …), 'spouse' (配偶: the
-- head's other sex), null when it implies none (户主, 其他).
create or replace macro relation_sex(relation) as
    case
        when trim(relation) in ('之子', '子', '儿子', '长子', '次子', '三子', '之父', '父亲', '之孙子', '孙子',
                                '之兄弟', '之女婿', '之祖父', '之外孙子') then 'male'
        when trim(relation) in ('之女', '女', '女儿', '长女', '次女', '三女', '之母', '母亲', '之孙女', '孙女',
                                '之姐妹', '之儿媳', '儿媳', '之祖母', '之外孙女') then 'female'
        when trim(relation) in ('配偶', '妻', '妻子', '夫', '丈夫') then 'spouse'
    end;
