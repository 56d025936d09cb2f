"""The practice model's fixed vocabulary: codes used across the API, the database and the adapters.

Codes are stable English slugs; what people read comes from the labels. Things the law may change
(deadlines) are data in the database, not here.
"""

from __future__ import annotations

from enum import StrEnum

from app.domain.labels import Labels


class Indicator(StrEnum):
    """The eight well-being indicators (the wheel; GIRFEC's SHANARRI)."""

    SAFE = "safe"
    HEALTHY = "healthy"
    ACHIEVING = "achieving"
    NURTURED = "nurtured"
    ACTIVE = "active"
    RESPECTED = "respected"
    RESPONSIBLE = "responsible"
    INCLUDED = "included"


INDICATOR_LABELS: dict[Indicator, Labels] = {
    Indicator.SAFE: Labels("În siguranță", "В безопасности", "Safe"),
    Indicator.HEALTHY: Labels("Sănătos", "Здоровый", "Healthy"),
    Indicator.ACHIEVING: Labels("Realizat", "Достигающий успехов", "Achieving"),
    Indicator.NURTURED: Labels("Îngrijit", "Окружённый заботой", "Nurtured"),
    Indicator.ACTIVE: Labels("Activ", "Активный", "Active"),
    Indicator.RESPECTED: Labels("Respectat", "Уважаемый", "Respected"),
    Indicator.RESPONSIBLE: Labels("Responsabil", "Ответственный", "Responsible"),
    Indicator.INCLUDED: Labels("Inclus", "Включённый", "Included"),
}

INDICATOR_DESCRIPTIONS: dict[Indicator, Labels] = {
    Indicator.SAFE: Labels(
        "Protejat, ascultat, ferit de abuz și neglijare",
        "Защищён, услышан, свободен от насилия и пренебрежения",
        "Secure, listened to, free from abuse and neglect",
    ),
    Indicator.HEALTHY: Labels(
        "Cea mai bună sănătate fizică și mintală, acces la servicii medicale, alegeri sănătoase",
        "Наилучшее физическое и психическое здоровье, доступ к медицинской помощи",
        "Best physical and mental health, access to health care, healthy choices",
    ),
    Indicator.ACHIEVING: Labels(
        "Susținut în învățare, abilități și încredere, acasă, la școală și în comunitate",
        "Поддержка в обучении, навыках и уверенности дома, в школе и в сообществе",
        "Supported in learning, skills and confidence at home, school and in the community",
    ),
    Indicator.NURTURED: Labels(
        "Îngrijit cu siguranță fizică și emoțională, căldură și o identitate pozitivă",
        "Забота, физическая и эмоциональная безопасность, тепло, позитивная идентичность",
        "Cared for with physical and emotional security, warmth and a positive identity",
    ),
    Indicator.ACTIVE: Labels(
        "Joacă, recreere, sport", "Игра, отдых, спорт", "Play, recreation and sport"
    ),
    Indicator.RESPECTED: Labels(
        "Implicat și ascultat în deciziile despre viața sa",
        "Участвует и услышан в решениях о своей жизни",
        "Involved and heard in decisions about their life",
    ),
    Indicator.RESPONSIBLE: Labels(
        "Roluri active și responsabile, cu îndrumare și supraveghere la nevoie",
        "Активные и ответственные роли, с руководством и надзором при необходимости",
        "Active and responsible roles, with guidance and supervision where needed",
    ),
    Indicator.INCLUDED: Labels(
        "Ajutat să depășească inegalitățile, acceptat în familie, școală și comunitate",
        "Помощь в преодолении неравенства, принятие в семье, школе и сообществе",
        "Helped to overcome inequalities, accepted in family, school and community",
    ),
}


class ProtectiveFactor(StrEnum):
    """The five family protective factors (Strengthening Families)."""

    PARENTAL_RESILIENCE = "parental_resilience"
    SOCIAL_CONNECTIONS = "social_connections"
    PARENTING_KNOWLEDGE = "parenting_knowledge"
    CONCRETE_SUPPORT = "concrete_support"
    CHILD_SOCIAL_EMOTIONAL_COMPETENCE = "child_social_emotional_competence"


PROTECTIVE_FACTOR_LABELS: dict[ProtectiveFactor, Labels] = {
    ProtectiveFactor.PARENTAL_RESILIENCE: Labels(
        "Reziliența părinților", "Устойчивость родителей", "Parental resilience"
    ),
    ProtectiveFactor.SOCIAL_CONNECTIONS: Labels(
        "Conexiuni sociale", "Социальные связи", "Social connections"
    ),
    ProtectiveFactor.PARENTING_KNOWLEDGE: Labels(
        "Cunoștințe despre educația și dezvoltarea copilului",
        "Знания о воспитании и развитии ребёнка",
        "Knowledge of parenting and child development",
    ),
    ProtectiveFactor.CONCRETE_SUPPORT: Labels(
        "Sprijin concret în caz de necesitate",
        "Конкретная поддержка в трудную минуту",
        "Concrete support in times of need",
    ),
    ProtectiveFactor.CHILD_SOCIAL_EMOTIONAL_COMPETENCE: Labels(
        "Competența socială și emoțională a copiilor",
        "Социальная и эмоциональная компетентность детей",
        "Social and emotional competence of children",
    ),
}


class Sector(StrEnum):
    EDUCATION = "education"
    HEALTH = "health"
    PUBLIC_ORDER = "public_order"
    SOCIAL_ASSISTANCE = "social_assistance"
    OTHER = "other"


SECTOR_LABELS: dict[Sector, Labels] = {
    Sector.EDUCATION: Labels("Educație", "Образование", "Education"),
    Sector.HEALTH: Labels("Sănătate", "Здравоохранение", "Health"),
    Sector.PUBLIC_ORDER: Labels("Ordine publică", "Общественный порядок", "Public order"),
    Sector.SOCIAL_ASSISTANCE: Labels("Asistență socială", "Социальная помощь", "Social assistance"),
    Sector.OTHER: Labels(
        "Alte servicii (biserică, servicii de urgență)",
        "Другие службы (церковь, экстренные службы)",
        "Other services (church, emergency services)",
    ),
}


class OrganisationKind(StrEnum):
    SCHOOL = "school"
    KINDERGARTEN = "kindergarten"
    CLINIC = "clinic"
    FAMILY_DOCTORS_CENTRE = "family_doctors_centre"
    POLICE_UNIT = "police_unit"
    MAYORALTY = "mayoralty"
    SOCIAL_ASSISTANCE_DIRECTORATE = "social_assistance_directorate"
    SERVICE_PROVIDER = "service_provider"


ORGANISATION_KIND_SECTOR: dict[OrganisationKind, Sector] = {
    OrganisationKind.SCHOOL: Sector.EDUCATION,
    OrganisationKind.KINDERGARTEN: Sector.EDUCATION,
    OrganisationKind.CLINIC: Sector.HEALTH,
    OrganisationKind.FAMILY_DOCTORS_CENTRE: Sector.HEALTH,
    OrganisationKind.POLICE_UNIT: Sector.PUBLIC_ORDER,
    OrganisationKind.MAYORALTY: Sector.SOCIAL_ASSISTANCE,
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: Sector.SOCIAL_ASSISTANCE,
    OrganisationKind.SERVICE_PROVIDER: Sector.SOCIAL_ASSISTANCE,
}

ORGANISATION_KIND_LABELS: dict[OrganisationKind, Labels] = {
    OrganisationKind.SCHOOL: Labels("Școală", "Школа", "School"),
    OrganisationKind.KINDERGARTEN: Labels("Grădiniță", "Детский сад", "Kindergarten"),
    OrganisationKind.CLINIC: Labels("Instituție medicală", "Медицинское учреждение", "Clinic"),
    OrganisationKind.FAMILY_DOCTORS_CENTRE: Labels(
        "Centrul medicilor de familie", "Центр семейных врачей", "Family doctors' centre"
    ),
    OrganisationKind.POLICE_UNIT: Labels(
        "Subdiviziune de poliție", "Подразделение полиции", "Police unit"
    ),
    OrganisationKind.MAYORALTY: Labels(
        "Primărie (autoritate tutelară locală)",
        "Примэрия (местный орган опеки)",
        "Mayoralty (local guardianship authority)",
    ),
    OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE: Labels(
        "Direcția teritorială de asistență socială (autoritate tutelară teritorială)",
        "Территориальное управление социальной помощи (территориальный орган опеки)",
        "Territorial social-assistance directorate (territorial guardianship authority)",
    ),
    OrganisationKind.SERVICE_PROVIDER: Labels(
        "Prestator de servicii", "Поставщик услуг", "Service provider"
    ),
}

# The bodies a referral may be sent to: the local and territorial guardianship authorities.
GUARDIANSHIP_AUTHORITY_KINDS = frozenset(
    {OrganisationKind.MAYORALTY, OrganisationKind.SOCIAL_ASSISTANCE_DIRECTORATE}
)


class Urgency(StrEnum):
    ROUTINE = "routine"
    PRIORITY = "priority"
    CHILD_PROTECTION = "child_protection"


URGENCY_LABELS: dict[Urgency, Labels] = {
    Urgency.ROUTINE: Labels("De rutină", "Плановая", "Routine"),
    Urgency.PRIORITY: Labels("Prioritară", "Приоритетная", "Priority"),
    Urgency.CHILD_PROTECTION: Labels(
        "Protecția copilului — imediat",
        "Защита ребёнка — немедленно",
        "Child protection — immediate",
    ),
}


class RiskCategory(StrEnum):
    """Risk situations of Law 140/2013 on the special protection of children at risk, art. 8."""

    VIOLENCE = "violence"
    NEGLECT = "neglect"
    EXPLOITATION = "exploitation"
    TRAFFICKING = "trafficking"
    BEGGING_OR_VAGRANCY = "begging_or_vagrancy"
    WITHOUT_CARE = "without_care"
    PARENTS_ABROAD_WITHOUT_CARE = "parents_abroad_without_care"
    ABANDONMENT = "abandonment"
    OFFENCE_UNDER_AGE_OF_RESPONSIBILITY = "offence_under_age_of_responsibility"
    PARENTS_REFUSE_CARE = "parents_refuse_care"


RISK_CATEGORY_LABELS: dict[RiskCategory, Labels] = {
    RiskCategory.VIOLENCE: Labels(
        "Supus violenței (fizice, psihologice, sexuale)",
        "Подвергается насилию (физическому, психологическому, сексуальному)",
        "Subjected to violence (physical, psychological, sexual)",
    ),
    RiskCategory.NEGLECT: Labels("Neglijat", "Пренебрежение нуждами ребёнка", "Neglected"),
    RiskCategory.EXPLOITATION: Labels(
        "Exploatat (inclusiv prin muncă)",
        "Эксплуатация (в том числе трудовая)",
        "Exploited (including through labour)",
    ),
    RiskCategory.TRAFFICKING: Labels(
        "Victimă a traficului de ființe umane",
        "Жертва торговли людьми",
        "Victim of trafficking in human beings",
    ),
    RiskCategory.BEGGING_OR_VAGRANCY: Labels(
        "Practică vagabondajul sau cerșitul",
        "Бродяжничество или попрошайничество",
        "Engaged in vagrancy or begging",
    ),
    RiskCategory.WITHOUT_CARE: Labels(
        "Lipsit de îngrijire și supraveghere",
        "Без ухода и надзора",
        "Left without care and supervision",
    ),
    RiskCategory.PARENTS_ABROAD_WITHOUT_CARE: Labels(
        "Părinți plecați peste hotare, fără îngrijire",
        "Родители за границей, без ухода",
        "Parents abroad, left without care",
    ),
    RiskCategory.ABANDONMENT: Labels("Abandonat", "Оставлен родителями", "Abandoned"),
    RiskCategory.OFFENCE_UNDER_AGE_OF_RESPONSIBILITY: Labels(
        "A săvârșit o faptă penală până la vârsta răspunderii penale",
        "Совершил деяние до достижения возраста уголовной ответственности",
        "Committed an offence below the age of criminal responsibility",
    ),
    RiskCategory.PARENTS_REFUSE_CARE: Labels(
        "Părinții refuză să-și îndeplinească obligațiile",
        "Родители отказываются выполнять свои обязанности",
        "Parents refuse to fulfil their duties",
    ),
}


class FiveQuestion(StrEnum):
    """The five questions a practitioner answers on a concern."""

    WHAT_IS_IN_THE_WAY = "what_is_in_the_way"
    HAVE_ALL_INFORMATION = "have_all_information"
    WHAT_CAN_I_DO_NOW = "what_can_i_do_now"
    WHAT_CAN_MY_INSTITUTION_DO = "what_can_my_institution_do"
    WHAT_HELP_FROM_OTHERS = "what_help_from_others"


FIVE_QUESTION_LABELS: dict[FiveQuestion, Labels] = {
    FiveQuestion.WHAT_IS_IN_THE_WAY: Labels(
        "Ce împiedică bunăstarea acestui copil?",
        "Что мешает благополучию этого ребёнка?",
        "What is getting in the way of this child's well-being?",
    ),
    FiveQuestion.HAVE_ALL_INFORMATION: Labels(
        "Am toată informația de care am nevoie pentru a ajuta?",
        "Есть ли у меня вся информация, чтобы помочь?",
        "Do I have all the information I need to help?",
    ),
    FiveQuestion.WHAT_CAN_I_DO_NOW: Labels(
        "Ce pot face eu acum?", "Что я могу сделать сейчас?", "What can I do now?"
    ),
    FiveQuestion.WHAT_CAN_MY_INSTITUTION_DO: Labels(
        "Ce poate face instituția mea acum?",
        "Что может сделать моё учреждение сейчас?",
        "What can my agency/institution do now?",
    ),
    FiveQuestion.WHAT_HELP_FROM_OTHERS: Labels(
        "Ce ajutor suplimentar, dacă este cazul, este necesar de la alții?",
        "Какая дополнительная помощь других нужна, если нужна?",
        "What additional help, if any, is needed from others?",
    ),
}


RATING_MIN, RATING_MAX = 1, 5
RATING_SCALE: dict[int, Labels] = {
    1: Labels(
        "Îngrijorare gravă: copilul este în pericol sau nevoile de bază nu sunt satisfăcute",
        "Серьёзная обеспокоенность: ребёнок в опасности или базовые нужды не удовлетворены",
        "Serious concern: the child is at risk or basic needs are not met",
    ),
    2: Labels(
        "Îngrijorare semnificativă: necesită ajutor coordonat",
        "Значительная обеспокоенность: нужна скоординированная помощь",
        "Significant concern: coordinated help is needed",
    ),
    3: Labels(
        "Unele îngrijorări: sprijin suplimentar în instituție",
        "Некоторая обеспокоенность: дополнительная поддержка в учреждении",
        "Some concern: extra support within the institution",
    ),
    4: Labels(
        "Bine: nevoile sunt satisfăcute",
        "Хорошо: потребности удовлетворены",
        "Doing well: needs are met",
    ),
    5: Labels(
        "Foarte bine: copilul se dezvoltă plenar",
        "Отлично: ребёнок успешно развивается",
        "Thriving",
    ),
}


class TriangleSide(StrEnum):
    """My World Triangle."""

    GROW_AND_DEVELOP = "grow_and_develop"
    NEED_FROM_CARERS = "need_from_carers"
    WIDER_WORLD = "wider_world"


TRIANGLE_AREAS: dict[TriangleSide, tuple[str, ...]] = {
    TriangleSide.GROW_AND_DEVELOP: (
        "health",
        "learning",
        "communication",
        "confidence",
        "relationships",
        "independence",
        "becoming_an_adult",
    ),
    TriangleSide.NEED_FROM_CARERS: (
        "everyday_care",
        "keeping_me_safe",
        "guidance",
        "warmth",
        "understanding_me",
        "stability",
        "family_support",
    ),
    TriangleSide.WIDER_WORLD: (
        "school",
        "local_resources",
        "money",
        "housing",
        "belonging",
        "friends_and_community",
    ),
}

TRIANGLE_LABELS: dict[TriangleSide, Labels] = {
    TriangleSide.GROW_AND_DEVELOP: Labels(
        "Cum cresc și mă dezvolt", "Как я расту и развиваюсь", "How I grow and develop"
    ),
    TriangleSide.NEED_FROM_CARERS: Labels(
        "De ce am nevoie de la cei care au grijă de mine",
        "Что мне нужно от тех, кто обо мне заботится",
        "What I need from people who look after me",
    ),
    TriangleSide.WIDER_WORLD: Labels("Lumea mea mai largă", "Мой большой мир", "My wider world"),
}


class LevelOfNeed(StrEnum):
    """GIRFEC's staged intervention, as the case records it."""

    ADDITIONAL = "additional"
    MULTI_AGENCY = "multi_agency"
    CHILD_PROTECTION = "child_protection"


LEVEL_OF_NEED_LABELS: dict[LevelOfNeed, Labels] = {
    LevelOfNeed.ADDITIONAL: Labels(
        "Nevoi suplimentare", "Дополнительные потребности", "Additional needs"
    ),
    LevelOfNeed.MULTI_AGENCY: Labels(
        "Nevoi complexe, intervenție intersectorială",
        "Сложные потребности, межсекторальное вмешательство",
        "Complex needs, multi-agency",
    ),
    LevelOfNeed.CHILD_PROTECTION: Labels(
        "Protecția copilului", "Защита ребёнка", "Child protection"
    ),
}


class Relationship(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEPMOTHER = "stepmother"
    STEPFATHER = "stepfather"
    GRANDMOTHER = "grandmother"
    GRANDFATHER = "grandfather"
    SIBLING = "sibling"
    AUNT_OR_UNCLE = "aunt_or_uncle"
    GUARDIAN = "guardian"
    FOSTER_CARER = "foster_carer"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Role(StrEnum):
    """Professional roles; the sign-in work will scope access by them."""

    DESIGNATED_PERSON = "designated_person"
    SOCIAL_WORKER = "social_worker"
    CASE_MANAGER = "case_manager"
    SUPERVISOR = "supervisor"
    POLICE_OFFICER = "police_officer"
    HEALTH_WORKER = "health_worker"
    TEACHER = "teacher"
    DATA_PROTECTION_OFFICER = "data_protection_officer"
    ADMINISTRATOR = "administrator"
