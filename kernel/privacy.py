"""Masking of personal data for everyone who does not handle the case."""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; 0531-86001234 → 0531****1234; short input → ****."""
    digits = phone.strip()
    if len(digits) < 8:
        return "****" if digits else ""
    head = digits[:4] if digits.startswith("0") else digits[:3]
    return f"{head}****{digits[-4:]}"


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***; keeps the surname only."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
