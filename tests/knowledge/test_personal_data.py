"""What 加入知识库 flags for removal before an entry can be published."""

from knowledge.personal_data import personal_data_flags


def kinds(text, **known):
    return [flag.kind for flag in personal_data_flags(text, known=known or None)]


def test_mobile_numbers_id_numbers_and_mail_are_flagged():
    assert kinds("请联系13812345678") == ["mobile"]
    assert kinds("身份证号370102199001011234") == ["id_number"]
    assert kinds("身份证号37010219900101123X") == ["id_number"]
    assert kinds("邮箱 wang@example.com") == ["email"]


def test_honorifics_and_house_numbers_are_flagged():
    assert kinds("王女士您好，经核实") == ["name"]
    assert kinds("您反映的幸福小区3号楼2单元501室") == ["address", "address", "address"]


def test_the_source_cases_contact_is_flagged_wherever_it_stands():
    flags = personal_data_flags(
        "张建华反映的和平路问题已处理",
        known={"contact_name": "张建华", "address": "和平路", "phone": ""},
    )
    assert [flag.kind for flag in flags] == ["contact_name", "address"]
    assert flags[0].shown == "张**"


def test_an_offices_landline_and_12345_are_not_flagged():
    assert kinds("咨询电话 0531-12333，或拨打12345。") == []
