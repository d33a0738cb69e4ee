"""The column names of the two KICOX layouts, as their header rows spell them (domain-facts §4)."""

from typing import Final

LAYOUT_5: Final = "kicox-5"
LAYOUT_35: Final = "kicox-35"

# data.go.kr 15105482, the national file: five columns.
COLUMNS_5: Final[tuple[str, ...]] = ("순번", "회사명", "단지명", "생산품", "공장주소")

# data.go.kr 15106170: one row per 업종 차수, grouped by 공장관리번호.
COLUMNS_35: Final[tuple[str, ...]] = (
    "시도명",
    "시군구명",
    "관리기관",
    "회사명",
    "공장구분",
    "단지명",
    "설립구분",
    "입주형태",
    "보유구분",
    "등록구분",
    "전화번호",
    "남자종업원",
    "여자종업원",
    "외국인남자종업원",
    "외국인여자종업원",
    "종업원합계",
    "생산품",
    "원자재",
    "공장규모",
    "용도지역",
    "지목",
    "용지면적",
    "제조시설면적",
    "부대시설면적",
    "건축면적",
    "지식산업센터명",
    "대표업종",
    "업종명",
    "업종코드",
    "차수",
    "법인주소",
    "필지수",
    "공장주소",
    "공장주소_지번",
    "공장관리번호",
)

REQUIRED_5: Final[tuple[str, ...]] = ("회사명", "단지명", "생산품", "공장주소")
REQUIRED_35: Final[tuple[str, ...]] = ("회사명", "단지명", "생산품", "공장주소", "업종코드", "공장관리번호")

EMPLOYEE_COLUMNS: Final[tuple[str, ...]] = (
    "남자종업원",
    "여자종업원",
    "외국인남자종업원",
    "외국인여자종업원",
    "종업원합계",
)
