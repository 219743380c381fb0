// Package safety holds the safe-use rules: the anonymous "pain after a
// massage?" triage. Every rule is a pure function of the answers and cites
// the public source it rests on. Nothing here stores anything.
package safety

// Source is a public document a safety rule or piece of advice rests on.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// The sources the rules and the guide pages cite. A medical claim rests on
// a health authority: the NHS, NICE, Japan's PMDA and health ministry, the
// US FDA and NIH (NCCIH, NCBI Bookshelf), a government health department,
// or a peer-reviewed paper. A chair maker's manual backs only what the maker
// says about its own chair, and says so in its title.
var (
	// SrcRedFlags: when back pain needs the emergency department (NHS
	// trust page following NICE NG59).
	SrcRedFlags = Source{
		Title: "Northern Health and Social Care Trust (NHS), Low back pain: physiotherapy advice and red flags",
		URL:   "https://www.northerntrust.hscni.net/services/physiotherapy-services/physiotherapy-service-outpatient-service/low-back-pain/",
	}
	// SrcUrgent: when back pain needs an urgent doctor's visit (an NHS
	// practice's copy of the NHS lists).
	SrcUrgent = Source{
		Title: "Bridgwater Bay Health (NHS), Back pain: when to get help",
		URL:   "https://bridgwaterbayhealth.nhs.uk/back-pain",
	}
	// SrcNHSBackPain: the NHS back-pain page: urgent same-day advice for
	// pain between the shoulder blades, and for pain made worse by
	// coughing, sneezing or pooing; a GP for pain that is very severe or
	// getting worse.
	SrcNHSBackPain = Source{
		Title: "NHS, Back pain",
		URL:   "https://www.nhs.uk/conditions/back-pain/",
	}
	// SrcStroke: the FAST signs of a stroke: call the emergency number at
	// once.
	SrcStroke = Source{
		Title: "North West Ambulance Service NHS Trust, Recognising a stroke: the FAST test",
		URL:   "https://www.nwas.nhs.uk/our-services/managing-clinical-conditions/recognising-a-stroke/recognising-stroke-in-other-people/",
	}
	// SrcPE: a clot in the lung: sudden breathlessness, chest or upper
	// back pain.
	SrcPE = Source{
		Title: "NHS, Pulmonary embolism",
		URL:   "https://www.nhs.uk/conditions/pulmonary-embolism/",
	}
	// SrcNeckNHS: an NHS musculoskeletal service's neck-pain advice: new
	// tingling, numbness or weakness in the arms, feeling unwell, a weak
	// immune system or drug misuse mean seeing a doctor.
	SrcNeckNHS = Source{
		Title: "Midlands Partnership University NHS Foundation Trust, Neck pain: when to see your doctor",
		URL:   "https://mpft.nhs.uk/services/msk/self-help/neck",
	}
	// SrcDOMS: what normal soreness is and how long it lasts.
	SrcDOMS = Source{
		Title: "Handbook for Massage Therapists (eCampus Ontario), Delayed onset muscle soreness",
		URL:   "https://ecampusontario.pressbooks.pub/handbookformassagetherapists/chapter/doms/",
	}
	// SrcDissection: a vertebral-artery dissection after a home massage
	// device, with dizziness and speech trouble after a new headache.
	SrcDissection = Source{
		Title: "Shariff et al., Vertebral artery dissection associated with a home massage device, Cureus 2023 (PMC9815484)",
		URL:   "https://pmc.ncbi.nlm.nih.gov/articles/PMC9815484",
	}
	// SrcNeuro: the AHCPR red-flag table (NCBI Bookshelf): major motor
	// weakness; fracture after minor strain in osteoporosis; age under 20
	// or over 50, a history of cancer, feeling unwell (constitutional
	// symptoms), and the risk factors for a spinal infection: injected
	// drugs and a suppressed immune system (steroids, transplant, HIV).
	SrcNeuro = Source{
		Title: "AHCPR, Acute Low Back Problems in Adults, Table 1: red flags for potentially serious conditions (NCBI Bookshelf)",
		URL:   "https://www.ncbi.nlm.nih.gov/books/NBK52120/table/A34364/",
	}
	// SrcPMDA: who should consult a doctor before using a massage device,
	// and who must not use one.
	SrcPMDA = Source{
		Title: "PMDA (Japan), Q&A on home massage devices, citing JIS T 2002",
		URL:   "https://www.pmda.go.jp/safety/consultation-for-patients/on-devices/qa/0012.html",
	}
	// SrcNCCIH: massage is low-risk but not for everyone: talk with a
	// health care provider first in pregnancy; no forceful massage with
	// bleeding disorders or blood thinners; none over wounds.
	SrcNCCIH = Source{
		Title: "NCCIH (US National Institutes of Health), Massage therapy: what you need to know",
		URL:   "https://www.nccih.nih.gov/health/massage-therapy-what-you-need-to-know",
	}
	// SrcHeatBurns: heat applied to the body burns people who cannot feel
	// it well (diabetes, reduced sensation, spinal-cord injury), and
	// prolonged heat on one spot burns anyone.
	SrcHeatBurns = Source{
		Title: "US FDA and CPSC, Public health advisory: hazards associated with the use of electric heating pads",
		URL:   "https://www.fda.gov/MedicalDevices/Safety/AlertsandNotices/PublicHealthNotifications/ucm242866.htm",
	}
	// SrcMHLW: Japan's health ministry: use a home massage device exactly
	// as its manual says.
	SrcMHLW = Source{
		Title: "Ministry of Health, Labour and Welfare (Japan), Using home electric massage devices correctly",
		URL:   "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000048807.html",
	}
	// SrcMassageHarms: a systematic review of harms after massage: disc
	// herniation, soft-tissue injury, nerve and spinal-cord injury, artery
	// dissection; rare, but real.
	SrcMassageHarms = Source{
		Title: "Yin et al., Adverse events of massage therapy in pain-related conditions: a systematic review, eCAM 2014",
		URL:   "https://www.hindawi.com/journals/ecam/2014/480956/",
	}
	// SrcManual: one chair maker's safeguards for its own chair. It backs
	// only what that maker says about its chair, never a medical claim.
	SrcManual = Source{
		Title: "SpaDynamix Rejuvio user manual, Important Safeguards (maker's manual, about its own chair)",
		URL:   "https://bedienungsanleitungki.de/spa-dynamix/massager/rejuvio/user-manual/11qlb",
	}
	// SrcInjuries: injuries from massage devices in Japan, 2010–2015.
	SrcInjuries = Source{
		Title: "The Japan Times, Massage equipment led to 250 injury cases in five years, victims mainly elderly (2016)",
		URL:   "https://www.japantimes.co.jp/news/2016/01/22/national/massage-equipment-led-250-injury-cases-five-years-victims-mainly-elderly-female/",
	}
	// SrcDVT: symptoms of a clot in the leg: an urgent GP appointment or
	// 111 the same day; 999 with breathlessness or chest pain.
	SrcDVT = Source{
		Title: "NHS, Deep vein thrombosis (DVT)",
		URL:   "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
	}
	// SrcBloodThinners: bleeding signs on blood thinners.
	SrcBloodThinners = Source{
		Title: "Healthy WA (Government of Western Australia), Warfarin and risk of bleeding",
		URL:   "https://www.healthywa.wa.gov.au/Articles/U_Z/Warfarin-and-risk-of-bleeding",
	}
	// SrcACP: first treatments for acute low back pain.
	SrcACP = Source{
		Title: "American College of Physicians, Noninvasive treatments for acute, subacute and chronic low back pain (2017)",
		URL:   "https://www.acpjournals.org/doi/10.7326/M16-2367",
	}
)

// Hotline is the Philippine emergency number.
const Hotline = "911"
