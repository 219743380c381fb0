// Package safety holds the safe-use rules: the anonymous "pain after a
// massage?" triage. Every rule is a pure function of the answers and cites
// the public source it rests on. Nothing here stores anything.
package safety

// Source is a public document a safety rule or piece of advice rests on.
type Source struct {
	Title string
	URL   string
}

// The sources the rules and the guide pages cite. Most come from the
// project's domain reference (safe use); the NHS DVT page, the Healthy WA
// warfarin page and the AHCPR red-flag table were added for the rules on
// clots, blood thinners and nerve weakness, which that reference does not
// cover.
var (
	// SrcRedFlags: when back pain needs the emergency department (NHS
	// trust page following NICE NG59).
	SrcRedFlags = Source{
		Title: "Northern Health and Social Care Trust (NHS), Low back pain: physiotherapy advice and red flags",
		URL:   "https://www.northerntrust.hscni.net/services/physiotherapy-services/physiotherapy-service-outpatient-service/low-back-pain/",
	}
	// SrcUrgent: when back pain needs an urgent doctor's visit.
	SrcUrgent = Source{
		Title: "Bridgwater Bay Health (NHS), Back pain: when to get help",
		URL:   "https://bridgwaterbayhealth.nhs.uk/back-pain",
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
	// weakness and fracture risk after minor strain in osteoporosis.
	SrcNeuro = Source{
		Title: "AHCPR, Acute Low Back Problems in Adults, Table 1: red flags for potentially serious conditions (NCBI Bookshelf)",
		URL:   "https://www.ncbi.nlm.nih.gov/books/NBK52120/table/A34364/",
	}
	// SrcPMDA: who should consult a doctor before using a massage device.
	SrcPMDA = Source{
		Title: "PMDA (Japan), Q&A on home massage devices, citing JIS T 2002",
		URL:   "https://www.pmda.go.jp/safety/consultation-for-patients/on-devices/qa/0012.html",
	}
	// SrcManual: a chair maker's safeguards (pregnancy, diabetes,
	// neuropathy, no heat on numb skin).
	SrcManual = Source{
		Title: "SpaDynamix Rejuvio massage chair user manual, Important Safeguards",
		URL:   "https://bedienungsanleitungki.de/spa-dynamix/massager/rejuvio/user-manual/11qlb",
	}
	// SrcInjuries: injuries from massage devices in Japan, 2010–2015.
	SrcInjuries = Source{
		Title: "The Japan Times, Massage equipment led to 250 injury cases in five years, victims mainly elderly (2016)",
		URL:   "https://www.japantimes.co.jp/news/2016/01/22/national/massage-equipment-led-250-injury-cases-five-years-victims-mainly-elderly-female/",
	}
	// SrcDVT: symptoms of a clot in the leg and how fast to get help.
	SrcDVT = Source{
		Title: "NHS, Deep vein thrombosis (DVT)",
		URL:   "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/",
	}
	// SrcBloodThinners: bleeding signs on blood thinners.
	SrcBloodThinners = Source{
		Title: "Healthy WA (Government of Western Australia), Warfarin and risk of bleeding",
		URL:   "https://www.healthywa.wa.gov.au/Articles/U_Z/Warfarin-and-risk-of-bleeding",
	}
	// SrcHeat: who should not use a chair's heat (numb skin, circulation,
	// skin conditions), from a chair maker.
	SrcHeat = Source{
		Title: "Real Relax, Who should not use the heating function in a heat massage chair?",
		URL:   "https://realrelaxmall.com/blogs/news/who-should-not-use-the-heating-function-in-a-heat-massage-chair",
	}
	// SrcACP: first treatments for acute low back pain.
	SrcACP = Source{
		Title: "American College of Physicians, Noninvasive treatments for acute, subacute and chronic low back pain (2017)",
		URL:   "https://www.acpjournals.org/doi/10.7326/M16-2367",
	}
)

// Hotline is the Philippine emergency number.
const Hotline = "911"
