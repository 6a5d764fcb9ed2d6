"""kernel.search: the documents it writes, the queries it compiles, and what a
search over real rows finds, on SQLite (LIKE) and PostgreSQL (full text)."""

import pytest
from django.db import connection

from cases.models import Case
from kernel import search
from tests.cases.helpers import submit_case

METACHARACTERS = ["&", "|", "!", "(", ")", ":", "*", "<", ">", "'", "\\", "<->"]


def test_a_chinese_run_becomes_its_bigrams_and_its_last_character():
    assert search.document("夜间施工噪音") == "夜间 间施 施工 工噪 噪音 音"


def test_a_one_character_run_is_that_character():
    assert search.document("噪，音") == "噪 音"


def test_latin_words_and_digits_are_lower_cased_in_text_order():
    assert search.document("WiFi 坏了 TS-20261122-0001") == (
        "wifi 坏了 了 ts 20261122 0001"
    )


def test_full_width_letters_and_digits_fold_to_ascii():
    assert search.document("ＡＢＣ１２３号") == search.document("abc123号")


def test_every_text_is_written_in_order_and_empty_ones_add_nothing():
    assert search.document("社保", "", "医保") == "社保 保 医保 保"


def test_a_word_is_a_phrase_of_its_bigrams():
    assert search.compile_query("夜间施工噪") == (
        "(('夜间' & '间施' & '施工' & '工噪'))"
    )


def test_words_are_anded_and_a_single_character_is_a_prefix():
    assert search.compile_query("噪音 扰") == "(('噪音')) & (('扰':*))"


@pytest.mark.parametrize("character", METACHARACTERS)
def test_tsquery_syntax_typed_by_a_user_is_only_a_separator(character):
    assert search.compile_query(f"社保{character}医保") == (
        "(('社保' & '保' & '医保'))"
    )
    assert search.compile_query(character) == ""


def test_the_first_five_searchable_words_count():
    query = search.compile_query("! 一 二 三 四 五 六")

    assert query.count("&") == 4 and "六" not in query


@pytest.fixture
def synonyms():
    table = {"社保": ["社会保险"]}

    def expand(term):
        return table.get(term, [])

    search.register_expander(expand)
    yield expand
    search.unregister_expander(expand)


def test_an_expander_ors_its_alternatives_with_the_term(synonyms):
    assert search.compile_query("社保") == ("(('社保') | ('社会' & '会保' & '保险'))")


def test_without_the_expander_the_term_stands_alone():
    assert search.compile_query("社保") == "(('社保'))"


@pytest.fixture
def cases(db, department_a):
    made = {
        title: submit_case(department=department_a, title=title, content=content).case
        for title, content in [
            ("夜间施工噪音扰民", "工地每晚施工到凌晨。"),
            ("社保卡补办咨询", "请问社保卡丢失后在哪里补办？"),
            ("夜间施工时有噪音", "工地噪音很大。"),
            ("社会保险缴费", "怎么缴纳。"),
        ]
    }
    return made


def _found(query, **options):
    found = search.search(
        Case.objects.all(),
        query=query,
        fields=("title", "content"),
        document_field="search_document",
        **options,
    )
    return set(found.values_list("title", flat=True))


@pytest.mark.parametrize("query", ["噪音", "噪"])
def test_a_two_character_word_and_one_character_find_the_cases(cases, query):
    assert _found(query) == {"夜间施工噪音扰民", "夜间施工时有噪音"}


def test_a_five_character_phrase_finds_it_only_side_by_side(cases):
    assert _found("夜间施工噪") == {"夜间施工噪音扰民"}


def test_a_word_found_only_in_the_content_is_found(cases):
    assert _found("凌晨") == {"夜间施工噪音扰民"}


def test_the_words_of_a_query_must_all_be_found(cases):
    assert _found("社保 补办") == {"社保卡补办咨询"}
    assert _found("社保 噪音") == set()


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        *((character, None) for character in METACHARACTERS),
        ("社保 & !噪音", "社保 噪音"),
        ("'社保':*", "社保"),
        ("噪音 <-> (", "噪音"),
        ("社保|医保", "社保医保"),
        ("\\'", None),
    ],
)
def test_metacharacters_mean_nothing_and_never_fail(cases, query, same_as):
    # Nothing searchable is nothing found; otherwise the words alone.
    assert _found(query) == (_found(same_as) if same_as else set())


def test_a_blank_query_keeps_every_row(cases):
    assert len(_found("   ")) == 4


def test_an_expander_finds_the_synonyms_cases(cases, synonyms):
    assert _found("社保") == {"社保卡补办咨询", "社会保险缴费"}


def test_the_fallback_ranks_a_match_in_an_earlier_field_first(cases):
    ranked = search.search(
        Case.objects.all(), query="噪音", fields=("content", "title")
    ).order_by("-search_rank")

    # In the content of one, only in the title of the other.
    assert [case.title for case in ranked] == ["夜间施工时有噪音", "夜间施工噪音扰民"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_rank: PostgreSQL")
def test_on_postgresql_the_case_saying_it_most_ranks_first(cases):
    ranked = search.search(
        Case.objects.all(),
        query="噪音",
        fields=("title", "content"),
        document_field="search_document",
    ).order_by("-search_rank")

    # 噪音 twice (title and content) against once.
    assert [case.title for case in ranked] == ["夜间施工时有噪音", "夜间施工噪音扰民"]


def _found_any(terms):
    condition = search.matches_any(
        terms=terms,
        fields=("title", "content"),
        document_field="search_document",
        vector_field="search_vector",
        full_text=search.has_full_text(Case.objects.all()),
    )
    return set(Case.objects.filter(condition).values_list("title", flat=True))


def test_any_of_the_terms_finds_a_row_with_one_of_them(cases):
    assert _found_any(["社保", "凌晨"]) == {"社保卡补办咨询", "夜间施工噪音扰民"}
    assert _found_any(["&", "!"]) == set()
    assert _found_any([]) == set()


def test_any_of_the_terms_applies_the_expanders(cases, synonyms):
    assert _found_any(["社保"]) == {"社保卡补办咨询", "社会保险缴费"}
