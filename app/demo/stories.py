"""The practice story: one child per concern, what was seen and said, and how far the concern went.

Every concern is raised in Călărași by the school, the family doctors' centre or the police, about a
child of that town. The texts are what practitioners write; the paths cover every way a concern
can go, from an undecided one to a closed case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.demo.population import Kin
from app.domain.cases import CaseStage
from app.domain.vocabulary import FiveQuestion, Indicator, Relationship, RiskCategory, Sex, Urgency

I, U, Q, R = Indicator, Urgency, FiveQuestion, Relationship  # noqa: E741


class Path(StrEnum):
    OPEN = "open"  # recorded, not yet decided
    LATE = "late"  # recorded, past its decision deadline
    CLOSED = "closed"  # closed: no further action
    SINGLE_AGENCY = "single_agency"  # the institution acts itself, with its own plan
    WAITING = "waiting"  # referred; the mayoralty has not answered yet
    WAITING_LATE = "waiting_late"  # referred; the answer is late
    DECLINED = "declined"
    REDIRECTED = "redirected"  # sent on to the district directorate
    WITHDRAWN = "withdrawn"
    CASE = "case"  # referred and accepted; `stage` says how far the case has gone


@dataclass(frozen=True)
class Note:
    """A chronology note: who wrote it and how many days ago it happened."""

    by: str
    days_ago: int
    text: str


@dataclass(frozen=True)
class Story:
    key: str
    raised_by: str  # a demo user key
    age: int
    sex: Sex
    indicators: tuple[Indicator, ...]
    urgency: Urgency
    description: str
    child_words: str | None
    days_ago: int  # when it was seen
    path: Path
    risk: RiskCategory | None = None
    five_questions: dict[FiveQuestion, str] = field(default_factory=dict)
    family: tuple[Kin, ...] = (Kin(R.MOTHER), Kin(R.FATHER))
    referral_reason: str | None = None
    # The reason given for what was decided: the institution's note when it acts itself, why the
    # concern or case was closed, why the referral was declined, redirected or withdrawn, why the
    # school's plan was cancelled on escalation, why a case was opened at once.
    reason: str | None = None
    stage: CaseStage | None = None
    notes: tuple[Note, ...] = ()
    # The single-agency plan was reviewed a while ago and its next review is now overdue.
    late_review: bool = False
    # The institution first acted itself; its plan was not enough and the concern was referred.
    escalated: bool = False
    # Child protection: the mayoralty opened the case at once on the police's call, and the
    # written referral that followed joined it.
    opened_at_once: bool = False


STORIES: tuple[Story, ...] = (
    Story(
        key="absences",
        raised_by="designated_person",
        age=13,
        sex=Sex.MALE,
        indicators=(I.ACHIEVING, I.INCLUDED),
        urgency=U.ROUTINE,
        description=(
            "Absențe nemotivate repetate: 22 de ore în ultimele trei săptămâni, mai ales lunea și "
            "vinerea. Când vine, este obosit și nu are temele făcute. Până în noiembrie frecventa "
            "regulat."
        ),
        child_words="Mama lucrează în schimburi la fabrică și eu am grijă de frățiorul mic.",
        days_ago=5,
        path=Path.SINGLE_AGENCY,
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: (
                "Îngrijirea fratelui mai mic îl ține acasă; rămâne în urmă la matematică și "
                "limba română."
            ),
            Q.HAVE_ALL_INFORMATION: (
                "Nu încă: vorbim cu mama despre programul ei și despre un loc la grădiniță "
                "pentru fratele mic."
            ),
            Q.WHAT_CAN_I_DO_NOW: "Discuție cu elevul și cu mama; plan de recuperare a materiei.",
            Q.WHAT_CAN_MY_INSTITUTION_DO: (
                "Ore de recuperare după lecții; diriginta urmărește prezența în fiecare săptămână."
            ),
            Q.WHAT_HELP_FROM_OTHERS: (
                "Deocamdată niciunul; dacă absențele continuă, îl referim asistentului social "
                "comunitar."
            ),
        },
        reason="Școala preia situația: plan de recuperare și monitorizarea prezenței.",
    ),
    Story(
        key="bullying",
        raised_by="designated_person",
        age=11,
        sex=Sex.FEMALE,
        indicators=(I.SAFE, I.INCLUDED, I.RESPECTED),
        urgency=U.PRIORITY,
        description=(
            "Eleva este izolată de colegi și a primit mesaje jignitoare și o poză modificată pe "
            "grupul de Viber al clasei. În pauze stă singură; de două ori a cerut să plece acasă "
            "după ora a treia."
        ),
        child_words="Nu mai vreau să vin la școală. Toți râd de mine și nimeni nu stă cu mine.",
        days_ago=30,
        path=Path.SINGLE_AGENCY,
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: "Hărțuire din partea colegilor, și online; nu se simte în "
            "siguranță la școală.",
            Q.WHAT_CAN_I_DO_NOW: "Discuție separată cu eleva și cu părinții; mesajele au fost "
            "salvate.",
            Q.WHAT_CAN_MY_INSTITUTION_DO: (
                "Psihologul școlar, ore de dirigenție despre hărțuire, discuții cu elevii "
                "implicați și cu părinții lor."
            ),
            Q.WHAT_HELP_FROM_OTHERS: "Nu, dacă hărțuirea se oprește în două săptămâni.",
        },
        reason="Școala intervine: psihologul școlar și diriginta, cu un plan al școlii.",
        late_review=True,
    ),
    Story(
        key="lunch",
        raised_by="designated_person",
        age=8,
        sex=Sex.FEMALE,
        indicators=(I.HEALTHY, I.NURTURED),
        urgency=U.ROUTINE,
        description=(
            "Vine adesea la școală fără pachet și fără micul dejun; în ultimele zile a fost "
            "îmbrăcată prea subțire pentru vreme (fără geacă, în încălțăminte de vară)."
        ),
        child_words="Mama pleacă dimineața devreme. Mănânc seara la bunica.",
        days_ago=1,
        path=Path.OPEN,
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: "Posibilă neglijare a nevoilor de bază; nu știm încă de ce.",
            Q.HAVE_ALL_INFORMATION: "Nu: urmează discuția cu mama și cu medicul de familie.",
        },
    ),
    Story(
        key="vaccination",
        raised_by="family_doctor",
        age=2,
        sex=Sex.MALE,
        indicators=(I.HEALTHY,),
        urgency=U.ROUTINE,
        description=(
            "Copilul nu a fost adus la vaccinarea ROR programată și la controlul profilactic de "
            "la 18 luni; mama nu a răspuns la telefon de trei ori."
        ),
        child_words=None,
        days_ago=20,
        path=Path.CLOSED,
        reason=(
            "Mama a venit cu copilul după vizita asistentei medicale; vaccinarea ROR a fost "
            "făcută, controlul profilactic este în regulă. Nu sunt necesare alte acțiuni."
        ),
    ),
    Story(
        key="low_mood",
        raised_by="family_doctor",
        age=16,
        sex=Sex.FEMALE,
        indicators=(I.HEALTHY, I.RESPECTED),
        urgency=U.PRIORITY,
        description=(
            "Venită pentru dureri de cap: tristețe de două luni, insomnie, a slăbit 6 kg, nu mai "
            "iese cu prietenii. Întrebată direct, spune că nu are gânduri de autovătămare."
        ),
        child_words="Nimeni nu mă înțelege acasă. Părinții vor doar să învăț pentru bacalaureat.",
        days_ago=3,
        path=Path.SINGLE_AGENCY,
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: "Semne de depresie; conflict cu părinții legat de școală.",
            Q.HAVE_ALL_INFORMATION: "Da, pentru primul pas; psihologul va completa evaluarea.",
            Q.WHAT_CAN_I_DO_NOW: (
                "Programare la psihologul Centrului de Sănătate Prietenos Tinerilor; control "
                "peste o săptămână."
            ),
            Q.WHAT_CAN_MY_INSTITUTION_DO: (
                "Consultații de urmărire la două săptămâni; consiliere pentru părinți, cu acordul "
                "ei."
            ),
            Q.WHAT_HELP_FROM_OTHERS: (
                "Niciunul deocamdată; ea a cerut ca școala să nu fie informată și îi respectăm "
                "dorința."
            ),
        },
        reason="Centrul de sănătate o urmărește: psiholog CSPT și consultații de control.",
    ),
    Story(
        key="night_park",
        raised_by="police_officer",
        age=15,
        sex=Sex.MALE,
        indicators=(I.RESPONSIBLE, I.SAFE),
        urgency=U.PRIORITY,
        description=(
            "Găsit de patrulă la 23:40 în parcul central, sub influența alcoolului, cu trei tineri "
            "de peste 18 ani. Predat tatălui la 01:10. Este a doua oară în ultima lună."
        ),
        child_words="Nu vreau să stau acasă, acolo se ceartă mereu. Cu ei nu mă ceartă nimeni.",
        days_ago=14,
        path=Path.LATE,
    ),
    Story(
        key="underweight",
        raised_by="family_doctor",
        age=4,
        sex=Sex.FEMALE,
        indicators=(I.HEALTHY, I.NURTURED),
        urgency=U.PRIORITY,
        description=(
            "La controlul de bilanț: greutatea sub percentila 3, anemie (hemoglobina 92 g/l). "
            "Mama, singură cu trei copii, spune că nu își permite carne și fructe; casa nu este "
            "încălzită."
        ),
        child_words="Mi-e frig noaptea.",
        days_ago=6,
        path=Path.WAITING,
        family=(Kin(R.MOTHER),),
        referral_reason=(
            "Familia are nevoie de sprijin concret (ajutor material, lemne pentru iarnă) și de o "
            "evaluare a condițiilor de trai; centrul de sănătate continuă tratamentul anemiei."
        ),
    ),
    Story(
        key="glasses",
        raised_by="family_doctor",
        age=9,
        sex=Sex.MALE,
        indicators=(I.HEALTHY, I.ACHIEVING),
        urgency=U.ROUTINE,
        description=(
            "Acuitate vizuală 0,3 la ambii ochi; ochelarii prescriși acum patru luni nu au fost "
            "cumpărați. Învățătoarea spune că nu vede la tablă și a rămas în urmă la citire."
        ),
        child_words="Nu văd literele de pe tablă, dar nu vreau să spun la toată clasa.",
        days_ago=15,
        path=Path.DECLINED,
        referral_reason="Familia nu poate cumpăra ochelarii; cerem sprijin pentru procurarea lor.",
        reason=(
            "Nevoia poate fi acoperită fără un caz: familia depune la primărie o cerere de ajutor "
            "material unic, iar asistentul social comunitar o ajută să o completeze. Vă rugăm să "
            "o informați pe mamă; reveniți dacă apar alte nevoi."
        ),
    ),
    Story(
        key="car_wash",
        raised_by="police_officer",
        age=14,
        sex=Sex.FEMALE,
        indicators=(I.SAFE, I.ACHIEVING),
        urgency=U.CHILD_PROTECTION,
        risk=RiskCategory.EXPLOITATION,
        description=(
            "La un control, adolescenta a fost găsită lucrând noaptea la o spălătorie auto de pe "
            "traseul Chișinău–Ungheni, fără contract, 12 ore pe tură. Administratorul spune că "
            "ea a cerut de lucru. Nu a mai fost la școală de trei săptămâni."
        ),
        child_words="Am nevoie de bani, mama e bolnavă. Nu vreau să mă întorc în sat.",
        days_ago=2,
        path=Path.REDIRECTED,
        referral_reason=(
            "Exploatare prin muncă a unui copil (Legea 140/2013, art. 8); cerem intervenția "
            "imediată a autorității tutelare."
        ),
        reason=(
            "Angajatorul este din alt raion și procuratura a pornit o cauză penală: cazul ține de "
            "autoritatea tutelară teritorială, care lucrează cu Inspectoratul de Stat al Muncii."
        ),
    ),
    Story(
        key="after_divorce",
        raised_by="designated_person",
        age=10,
        sex=Sex.MALE,
        indicators=(I.RESPECTED, I.INCLUDED),
        urgency=U.ROUTINE,
        description=(
            "De la divorțul părinților (în toamnă) lovește colegii în pauze și refuză să răspundă "
            "la ore. Mama spune că acasă plânge des și nu vrea să-și vadă tatăl."
        ),
        child_words="Tata a plecat din cauza mea.",
        days_ago=12,
        path=Path.WITHDRAWN,
        family=(Kin(R.MOTHER), Kin(R.FATHER, lives_with_child=False, is_caregiver=False)),
        referral_reason=(
            "Copilul are nevoie de consiliere psihologică pe care școala nu o poate oferi în acest "
            "semestru (psihologul școlar este în concediu)."
        ),
        reason=(
            "Psihologul școlar a revenit și a preluat consilierea; școala continuă cu planul "
            "propriu, așa că retragem referirea."
        ),
    ),
    Story(
        key="home_alone",
        raised_by="police_officer",
        age=7,
        sex=Sex.MALE,
        indicators=(I.SAFE, I.NURTURED),
        urgency=U.CHILD_PROTECTION,
        risk=RiskCategory.WITHOUT_CARE,
        description=(
            "Vecinii au sunat la 112: copilul era singur acasă de două zile, fără mâncare și fără "
            "lumină. Mama lucrează sezonier în Rusia; bunica, în grija căreia era, este internată."
        ),
        child_words="Bunica a zis că vine repede. Am mâncat pâine și am dormit cu lanterna.",
        days_ago=3,
        path=Path.WAITING_LATE,
        family=(
            Kin(R.MOTHER, lives_with_child=False, is_caregiver=False),
            Kin(R.GRANDMOTHER),
        ),
        referral_reason=(
            "Copil lăsat fără îngrijire și supraveghere (HG 270/2014). Notificare scrisă: copilul "
            "este temporar la o vecină până decide autoritatea tutelară."
        ),
    ),
    Story(
        key="grandmother",
        raised_by="designated_person",
        age=12,
        sex=Sex.FEMALE,
        indicators=(I.NURTURED, I.ACHIEVING),
        urgency=U.PRIORITY,
        description=(
            "Ambii părinți sunt la muncă în Italia din septembrie; eleva locuiește cu bunica de "
            "78 de ani, bolnavă. Notele au scăzut mult, vine obosită și spune că face singură "
            "toate treburile casei."
        ),
        child_words="Bunica nu mai poate merge la magazin, așa că fac eu totul. Vorbesc cu mama "
        "pe Viber duminica.",
        days_ago=8,
        path=Path.CASE,
        stage=CaseStage.INITIAL_ASSESSMENT,
        family=(
            Kin(R.MOTHER, lives_with_child=False, is_caregiver=False),
            Kin(R.FATHER, lives_with_child=False, is_caregiver=False),
            Kin(R.GRANDMOTHER),
        ),
        referral_reason=(
            "Copil cu părinții plecați peste hotare, în grija unei bunici care nu mai poate să o "
            "îngrijească; trebuie evaluată situația și stabilită tutela."
        ),
        notes=(
            Note(
                "social_worker",
                1,
                "Convorbire pe Viber cu mama, în Italia: acceptă ca bunica să fie tutore; revine "
                "acasă de sărbători.",
            ),
        ),
    ),
    Story(
        key="father_drinks",
        raised_by="designated_person",
        age=9,
        sex=Sex.MALE,
        indicators=(I.NURTURED, I.HEALTHY, I.SAFE),
        urgency=U.PRIORITY,
        description=(
            "Mama a plecat din familie în vară; copilul locuiește cu tatăl, care consumă alcool. "
            "Vine la școală nespălat și flămând, cu hainele murdare; de câteva ori a adormit în "
            "bancă."
        ),
        child_words="Tata doarme mult. Eu îmi fac singur de mâncare, ouă sau cartofi.",
        days_ago=21,
        path=Path.CASE,
        stage=CaseStage.COMPLEX_ASSESSMENT,
        family=(Kin(R.FATHER), Kin(R.MOTHER, lives_with_child=False, is_caregiver=False)),
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: "Neglijarea îngrijirii zilnice; consumul de alcool al tatălui.",
            Q.HAVE_ALL_INFORMATION: "Nu: nu știm unde este mama și dacă poate fi contactată.",
            Q.WHAT_CAN_I_DO_NOW: "Masă caldă la școală, haine de la banca de haine a școlii.",
            Q.WHAT_CAN_MY_INSTITUTION_DO: "Discuții cu tatăl; monitorizare zilnică.",
            Q.WHAT_HELP_FROM_OTHERS: (
                "Dacă tatăl nu colaborează: asistentul social comunitar și medicul de familie."
            ),
        },
        referral_reason=(
            "Planul școlii (masă caldă, haine, discuții cu tatăl) nu a ajuns: tatăl nu vine la "
            "întâlniri și copilului îi este tot mai rău. E nevoie de o evaluare complexă și de "
            "sprijin pentru familie."
        ),
        reason="Situația a depășit posibilitățile școlii; a fost referită autorității tutelare.",
        notes=(
            Note(
                "social_worker",
                2,
                "Vizită la domiciliu: tatăl acasă, treaz, recunoaște că bea; casa neîngrijită, "
                "frigiderul gol. Acceptă să meargă la medicul de familie.",
            ),
        ),
        escalated=True,
    ),
    Story(
        key="disability",
        raised_by="family_doctor",
        age=3,
        sex=Sex.FEMALE,
        indicators=(I.HEALTHY, I.INCLUDED, I.NURTURED),
        urgency=U.PRIORITY,
        description=(
            "Fetiță cu paralizie cerebrală (forma spastică), fără recuperare de la externare. "
            "Mama, singură, nu are bani de drum la Chișinău pentru kinetoterapie; grădinița ezită "
            "să o primească fără însoțitor."
        ),
        child_words="Vreau la grădiniță cu copiii.",
        days_ago=25,
        path=Path.CASE,
        stage=CaseStage.PLANNING,
        family=(Kin(R.MOTHER),),
        referral_reason=(
            "E nevoie de un plan intersectorial: reabilitare, alocația pentru copilul cu "
            "dizabilitate, însoțitor la grădiniță."
        ),
        notes=(
            Note(
                "educator",
                4,
                "Mama și fetița au vizitat grădinița; fetița s-a jucat cu copiii din grupa "
                "mijlocie. Sala de grupă este la parter.",
            ),
        ),
    ),
    Story(
        key="belt",
        raised_by="designated_person",
        age=12,
        sex=Sex.MALE,
        indicators=(I.SAFE, I.NURTURED, I.ACHIEVING),
        urgency=U.CHILD_PROTECTION,
        risk=RiskCategory.VIOLENCE,
        description=(
            "Vânătăi pe brațe și pe gât, unele mai vechi; spune că tatăl l-a lovit cu cureaua "
            "după ședința cu părinții. Evită să plece acasă după ore și a întrebat dacă poate "
            "dormi la un coleg."
        ),
        child_words="Tata se supără când bea. Mi-e frică să merg acasă când e el.",
        days_ago=40,
        path=Path.CASE,
        stage=CaseStage.IMPLEMENTATION_MONITORING,
        five_questions={
            Q.WHAT_IS_IN_THE_WAY: "Violență fizică în familie (suspectată).",
            Q.HAVE_ALL_INFORMATION: "Nu, dar nu așteptăm: este o situație de protecție.",
            Q.WHAT_CAN_I_DO_NOW: "Am ascultat copilul; am anunțat asistentul social și poliția.",
            Q.WHAT_CAN_MY_INSTITUTION_DO: "Copilul rămâne la școală până vine asistentul social.",
            Q.WHAT_HELP_FROM_OTHERS: "Autoritatea tutelară locală, poliția, medicul de familie.",
        },
        referral_reason=(
            "Suspiciune de violență fizică în familie (HG 270/2014): copilul a fost ascultat, "
            "mama anunțată, poliția sesizată. Notificarea scrisă, în 24 de ore."
        ),
        notes=(
            Note(
                "social_worker",
                39,
                "Vizită la domiciliu cu inspectorul de sector; tatăl a fost avertizat, mama "
                "acceptă un ordin de protecție. Copilul stă la mătușa lui trei zile.",
            ),
            Note(
                "designated_person",
                10,
                "Copilul vine zilnic, a legat prietenii; spune că tatăl nu a mai ridicat mâna.",
            ),
        ),
    ),
    Story(
        key="runaway",
        raised_by="police_officer",
        age=14,
        sex=Sex.FEMALE,
        indicators=(I.SAFE, I.RESPECTED, I.NURTURED),
        urgency=U.PRIORITY,
        description=(
            "A fugit de acasă de două ori în ultima lună; a doua oară a fost găsită după o noapte "
            "în Gara Feroviară din Chișinău. Nu a spus unde a dormit. Relații tensionate cu tatăl "
            "vitreg."
        ),
        child_words="Nimeni nu mă ascultă acasă. Tatăl vitreg zice că nu sunt copilul lui.",
        days_ago=50,
        path=Path.CASE,
        stage=CaseStage.REVIEW,
        family=(Kin(R.MOTHER), Kin(R.STEPFATHER)),
        referral_reason="Fugă repetată de acasă; adolescenta are nevoie de sprijin și de mediere "
        "în familie.",
        notes=(
            Note(
                "social_worker",
                20,
                "Prima ședință de mediere cu mama și tatăl vitreg; au convenit reguli pentru "
                "ieșirile în oraș.",
            ),
        ),
    ),
    Story(
        key="dropout",
        raised_by="designated_person",
        age=15,
        sex=Sex.MALE,
        indicators=(I.ACHIEVING, I.INCLUDED),
        urgency=U.PRIORITY,
        description=(
            "Risc de abandon școlar: 64 de ore absentate în semestrul I; lucrează cu ziua la vie "
            "ca să ajute familia (cinci copii, tatăl fără loc de muncă)."
        ),
        child_words="Vreau să termin clasa a IX-a, dar acasă e nevoie de bani.",
        days_ago=120,
        path=Path.CASE,
        stage=CaseStage.CLOSED,
        referral_reason="Familia are nevoie de ajutor social și de sprijin ca băiatul să rămână "
        "la școală.",
        reason=(
            "Obiectivele au fost atinse: familia primește ajutor social, băiatul frecventează "
            "regulat și s-a înscris la Colegiul Agroindustrial după clasa a IX-a."
        ),
        notes=(
            Note(
                "class_teacher",
                60,
                "Nicio absență nemotivată în ultima lună; a luat 8 la teza de matematică.",
            ),
        ),
    ),
    Story(
        key="witness",
        raised_by="police_officer",
        age=6,
        sex=Sex.FEMALE,
        indicators=(I.SAFE, I.NURTURED),
        urgency=U.CHILD_PROTECTION,
        risk=RiskCategory.VIOLENCE,
        description=(
            "Intervenție la apel 112: violență în familie, copilul a fost de față; mama are "
            "leziuni la față și la mâini. Agresorul (concubinul mamei) a fost reținut; s-a emis "
            "ordin de restricție de urgență."
        ),
        child_words="Am stat sub masă cu pisica până a venit poliția.",
        days_ago=1,
        path=Path.CASE,
        stage=CaseStage.COMPLEX_ASSESSMENT,
        family=(Kin(R.MOTHER),),
        referral_reason=(
            "Notificare scrisă în 24 de ore (HG 270/2014): copilul a fost martor la violență în "
            "familie."
        ),
        reason=(
            "Telefon de la inspectorul de sector: copilul a fost martor la violență în familie; "
            "mama și copilul sunt la o vecină. Evaluare inițială pe loc."
        ),
        opened_at_once=True,
    ),
)
