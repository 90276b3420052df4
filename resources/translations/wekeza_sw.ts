<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sw_TZ">
<context>
    <name>AccountsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="101"/>
        <source>Account</source>
        <translation>Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="102"/>
        <source>Kind</source>
        <translation>Aina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="103"/>
        <source>Available</source>
        <translation>Salio linalopatikana</translation>
    </message>
</context>
<context>
    <name>ApprovalsScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="146"/>
        <source>At a teller&apos;s PC, approve by override: when the teller&apos;s action asks for a supervisor, type your user name and password there. This queue holds what reached head office without an approval it accepts.</source>
        <translation>Kwenye kompyuta ya keshia, idhinisha papo hapo: muamala wa keshia unapohitaji msimamizi, andika jina lako la mtumiaji na nenosiri hapo. Foleni hii ina miamala iliyofika makao makuu bila idhini inayokubalika.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="155"/>
        <source>Waiting for a checker</source>
        <translation>Inasubiri mhakiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="180"/>
        <source>&amp;Approve</source>
        <translation>I&amp;dhinisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="183"/>
        <source>Approve the selected item (Ctrl+Enter): head office books it</source>
        <translation>Idhinisha muamala uliochaguliwa (Ctrl+Enter): makao makuu yanaurekodi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="186"/>
        <source>&amp;Reject…</source>
        <translation>&amp;Kataa…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="188"/>
        <source>Reject the selected item, saying why: nothing is booked</source>
        <translation>Kataa muamala uliochaguliwa, ukieleza sababu: hakuna kinachorekodiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="190"/>
        <source>Re&amp;fresh</source>
        <translation>Onyesha &amp;upya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="241"/>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="317"/>
        <source>Nothing waits for you at head office.</source>
        <translation>Hakuna kinachokusubiri makao makuu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="244"/>
        <source>{n} item(s) wait for a checker, the oldest first.</source>
        <translation>Miamala {n} inasubiri mhakiki, ya zamani zaidi kwanza.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="248"/>
        <source>The oldest {n} items are shown; more wait. Decide these, then refresh.</source>
        <translation>Miamala {n} ya zamani zaidi inaonyeshwa; mingine bado inasubiri. Amua hii kwanza, kisha onyesha upya.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="286"/>
        <source>{reference} ({kind}, {amount})</source>
        <translation>{reference} ({kind}, {amount})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="308"/>
        <source>{reference} rejected; nothing is booked. The teller will read: {reason}</source>
        <translation>Muamala {reference} umekataliwa; hakuna kilichorekodiwa. Keshia atasoma: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="310"/>
        <source>{reference} approved: head office booked it.</source>
        <translation>Muamala {reference} umeidhinishwa: makao makuu yameurekodi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="312"/>
        <source>{reference} approved, but head office could not book it: {message}</source>
        <translation>Muamala {reference} umeidhinishwa, lakini makao makuu hayakuweza kuurekodi: {message}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="345"/>
        <source> Approved at the counter by {user}, which head office did not accept.</source>
        <translation> Uliidhinishwa kaunta na {user}, lakini makao makuu hayakukubali idhini hiyo.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="353"/>
        <source>{kind} {reference} for {customer}: {amount} ({words}). Made by {maker} at device {device}.{override}</source>
        <translation>{kind} {reference} kwa {customer}: {amount} ({words}). Uliandaliwa na {maker} kwenye kifaa {device}.{override}</translation>
    </message>
</context>
<context>
    <name>ApprovalsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="66"/>
        <source>{kind} of {reference}</source>
        <translation>{kind} wa {reference}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="81"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="82"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="83"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="84"/>
        <source>Customer</source>
        <translation>Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="85"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="86"/>
        <source>Made by</source>
        <translation>Mwandaaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="87"/>
        <source>Why it waits</source>
        <translation>Sababu ya kusubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/approvals.py" line="88"/>
        <source>Waiting since</source>
        <translation>Inasubiri tangu</translation>
    </message>
</context>
<context>
    <name>BorrowScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="117"/>
        <source>In ca&amp;sh</source>
        <translation>Kwa &amp;taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="119"/>
        <source>From the &amp;wallet</source>
        <translation>Kutoka &amp;pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="127"/>
        <source>Co&amp;nfirm…</source>
        <translation>Thi&amp;bitisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="129"/>
        <source>Enter: show the confirmation</source>
        <translation>Enter: onyesha uthibitisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="131"/>
        <source>A&amp;pply for a loan…</source>
        <translation>Ombi &amp;la mkopo…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="133"/>
        <source>The customer&apos;s loan application: products, schedule, then head office scores it</source>
        <translation>Ombi la mkopo la mteja: bidhaa, ratiba, kisha makao makuu hulipima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="145"/>
        <source>&amp;Customer</source>
        <translation>&amp;Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="147"/>
        <source>&amp;Loan</source>
        <translation>M&amp;kopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="149"/>
        <source>&amp;Amount (KES)</source>
        <translation>Ki&amp;asi (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="159"/>
        <source>Paid</source>
        <translation>Njia ya malipo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="207"/>
        <source>Reading {name}&apos;s loans…</source>
        <translation>Inasoma mikopo ya {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="258"/>
        <source>{label} — owes {owed}</source>
        <translation>{label} — deni {owed}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="229"/>
        <source>{name} has no loan on this device</source>
        <translation>{name} hana mkopo kwenye kifaa hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="136"/>
        <source>P&amp;rint the scorecard…</source>
        <translation>&amp;Chapisha alama za tathmini…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="235"/>
        <source>The application summary of {loan}: head office&apos;s decision and every factor of its score</source>
        <translation>Muhtasari wa ombi la {loan}: uamuzi wa makao makuu na kila kipengele cha alama zake</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="247"/>
        <source>Loan application {reference}</source>
        <translation>Ombi la mkopo {reference}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="259"/>
        <source>{label} — due today {due}, pays off with {payoff}</source>
        <translation>{label} — inadaiwa leo {due}, hulipwa wote kwa {payoff}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="271"/>
        <source>Next installment {amount} on {date}</source>
        <translation>Awamu ijayo {amount} tarehe {date}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="276"/>
        <source>{days} days past due ({classification}): arrears {arrears}, late fees {fees}</source>
        <translation>Siku {days} za kuchelewa ({classification}): malimbikizo {arrears}, ada za kuchelewa {fees}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="284"/>
        <source>Counts {amount} repaid on this device that head office has not yet seen</source>
        <translation>Inajumuisha {amount} zilizolipwa kwenye kifaa hiki ambazo makao makuu bado hayajaona</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="291"/>
        <source>normal</source>
        <translation>kawaida</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="292"/>
        <source>watch</source>
        <translation>uangalizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="293"/>
        <source>substandard</source>
        <translation>chini ya kiwango</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="294"/>
        <source>doubtful</source>
        <translation>shaka</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="295"/>
        <source>loss</source>
        <translation>hasara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="300"/>
        <source>sent, waiting for head office</source>
        <translation>limetumwa, linasubiri makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="301"/>
        <source>refused: {reason}</source>
        <translation>limekataliwa: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="302"/>
        <source>referred to a credit officer</source>
        <translation>limepelekwa kwa afisa wa mikopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="303"/>
        <source>declined</source>
        <translation>limekataliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="304"/>
        <source>paid off</source>
        <translation>umelipwa wote</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="305"/>
        <source>paid off here, not yet at head office</source>
        <translation>umelipwa wote hapa, bado makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="307"/>
        <source>{product} {loan} of {amount}, applied {date}: {standing}</source>
        <translation>{product} {loan} ya {amount}, liliombwa {date}: {standing}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="319"/>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="356"/>
        <source>Choose the customer first: type a national ID, phone or name</source>
        <translation>Chagua mteja kwanza: andika nambari ya kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="361"/>
        <source>Choose the loan to repay</source>
        <translation>Chagua mkopo wa kulipa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="376"/>
        <source>Loan repayment from the wallet</source>
        <translation>Kulipa mkopo kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="377"/>
        <source>To {loan}. Pending until head office confirms.</source>
        <translation>Kwa {loan}. Inasubiri hadi makao makuu yathibitishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="381"/>
        <source>Loan repayment in cash</source>
        <translation>Kulipa mkopo kwa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="382"/>
        <source>To {loan}.</source>
        <translation>Kwa {loan}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="389"/>
        <source>Pays late fees {fees}, interest {interest}, principal {principal}.</source>
        <translation>Hulipa ada za kuchelewa {fees}, riba {interest}, mtaji {principal}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="393"/>
        <source>{excess} is more than pays the loan off: it is owed back to {name}.</source>
        <translation>{excess} ni zaidi ya kinacholipa mkopo wote: {name} atarudishiwa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="414"/>
        <source>Repayment {reference}: {amount} from {name}&apos;s wallet to {loan}, pending until head office confirms.</source>
        <translation>Malipo ya mkopo {reference}: {amount} kutoka pochi ya {name} kwenda {loan}, yanasubiri hadi makao makuu yathibitishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/borrow.py" line="418"/>
        <source>Repayment {reference}: {amount} in cash from {name} to {loan}.</source>
        <translation>Malipo ya mkopo {reference}: {amount} taslimu kutoka kwa {name} kwenda {loan}.</translation>
    </message>
</context>
<context>
    <name>CashScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="45"/>
        <source>&amp;Deposit</source>
        <translation>&amp;Kuweka pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="47"/>
        <source>&amp;Withdrawal</source>
        <translation>Ku&amp;toa pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="60"/>
        <source>Co&amp;nfirm…</source>
        <translation>Thi&amp;bitisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="62"/>
        <source>Enter: show the confirmation</source>
        <translation>Enter: onyesha uthibitisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="71"/>
        <source>&amp;Customer</source>
        <translation>&amp;Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="73"/>
        <source>&amp;Amount (KES)</source>
        <translation>Ki&amp;asi (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="78"/>
        <source>Notes and coins paid out</source>
        <translation>Noti na sarafu zinazotolewa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="128"/>
        <source>Counted {counted}</source>
        <translation>Umehesabu {counted}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="130"/>
        <source>Counted {counted}: matches the amount</source>
        <translation>Umehesabu {counted}: inalingana na kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="132"/>
        <source>Counted {counted}; count {more} more</source>
        <translation>Umehesabu {counted}; hesabu {more} zaidi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="136"/>
        <source>Counted {counted}: {extra} more than the amount</source>
        <translation>Umehesabu {counted}: {extra} zaidi ya kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="148"/>
        <source>Choose the customer first: type a national ID, phone or name</source>
        <translation>Chagua mteja kwanza: andika nambari ya kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="159"/>
        <source>Count the notes paid out: they add up to {counted}, the amount is {amount}</source>
        <translation>Hesabu noti zinazotolewa: jumla yake ni {counted}, kiasi ni {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="172"/>
        <source>Cash withdrawal</source>
        <translation>Kutoa pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="181"/>
        <source>Cash deposit</source>
        <translation>Kuweka pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="200"/>
        <source>Withdrawal {reference}: {amount} paid to {name}.</source>
        <translation>Kutoa pesa {reference}: {name} amelipwa {amount}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="202"/>
        <source>Deposit {reference}: {amount} from {name}.</source>
        <translation>Kuweka pesa {reference}: {amount} kutoka kwa {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="205"/>
        <source>Balance now {balance}.</source>
        <translation>Salio sasa ni {balance}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/cash.py" line="207"/>
        <source>Approved by {user}.</source>
        <translation>Imeidhinishwa na {user}.</translation>
    </message>
</context>
<context>
    <name>Channels</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="46"/>
        <source>At a branch</source>
        <translation>Tawini</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="47"/>
        <source>At an agent</source>
        <translation>Kwa wakala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="48"/>
        <source>Head office</source>
        <translation>Makao makuu</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="66"/>
        <source>KES million</source>
        <translation>KES milioni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="68"/>
        <source>KES thousand</source>
        <translation>KES elfu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="69"/>
        <source>KES</source>
        <translation>KES</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="154"/>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="189"/>
        <source>Numbers</source>
        <translation>Takwimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="155"/>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="194"/>
        <source>Show the figures of this chart as a table</source>
        <translation>Onyesha takwimu za chati hii kama jedwali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="189"/>
        <source>Chart</source>
        <translation>Chati</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="192"/>
        <source>Show the chart again</source>
        <translation>Onyesha chati tena</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/charts.py" line="253"/>
        <source>{series}, {category}: {figure}</source>
        <translation>{series}, {category}: {figure}</translation>
    </message>
</context>
<context>
    <name>ClassificationTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="63"/>
        <source>Classification</source>
        <translation>Uainishaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="64"/>
        <source>Loans</source>
        <translation>Mikopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="65"/>
        <source>Outstanding (KES)</source>
        <translation>Kinachodaiwa (KES)</translation>
    </message>
</context>
<context>
    <name>ConfirmMoneyDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="27"/>
        <source>Confirm: {action}</source>
        <translation>Thibitisha: {action}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="34"/>
        <source>Customer</source>
        <translation>Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="35"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="36"/>
        <source>In words</source>
        <translation>Kwa maneno</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="37"/>
        <source>Fee</source>
        <translation>Ada</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="39"/>
        <source>Total</source>
        <translation>Jumla</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="44"/>
        <source>Limit</source>
        <translation>Kikomo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/confirm_money.py" line="56"/>
        <source>Confirm</source>
        <translation>Thibitisha</translation>
    </message>
</context>
<context>
    <name>CustomerPicker</name>
    <message>
        <location filename="../../desktop_app/ui/widgets/customer_picker.py" line="82"/>
        <source>National ID, phone or name</source>
        <translation>Kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/customer_picker.py" line="127"/>
        <source>{name} · {cif} · Tier {tier}</source>
        <translation>{name} · {cif} · Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/customer_picker.py" line="130"/>
        <source> · provisional</source>
        <translation> · ya muda</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/customer_picker.py" line="182"/>
        <source>{name} — {cif} · ID {national_id} · {phone} · Tier {tier}</source>
        <translation>{name} — {cif} · Kitambulisho {national_id} · {phone} · Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/customer_picker.py" line="197"/>
        <source>No customer matches</source>
        <translation>Hakuna mteja anayelingana</translation>
    </message>
</context>
<context>
    <name>CustomerPoliciesPanel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="68"/>
        <source>P&amp;rint the policy schedule…</source>
        <translation>&amp;Chapisha ratiba ya bima…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="71"/>
        <source>&amp;Take the next premium…</source>
        <translation>Lipa malipo &amp;yanayofuata…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="74"/>
        <source>Personal accident: the next month&apos;s premium. WIBA and all-risk: another year under the same policy number.</source>
        <translation>Bima ya ajali binafsi: malipo ya mwezi unaofuata. WIBA na bima ya mali: mwaka mwingine kwa nambari ileile ya bima.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="79"/>
        <source>&amp;Earlier premiums on this device</source>
        <translation>Malipo ya bima ya a&amp;wali kwenye kifaa hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="150"/>
        <source>No premiums from this customer on this device</source>
        <translation>Hakuna malipo ya bima ya mteja huyu kwenye kifaa hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="155"/>
        <source>A monthly premium issues no new schedule: its receipt is the record</source>
        <translation>Malipo ya mwezi hayatoi ratiba mpya: risiti yake ndiyo kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="157"/>
        <source>Head office refused this premium: there is no schedule to print</source>
        <translation>Makao makuu yamekataa malipo haya: hakuna ratiba ya kuchapisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="160"/>
        <source>The schedule of a premium from the wallet prints once head office confirms it</source>
        <translation>Ratiba ya malipo kutoka pochi huchapishwa makao makuu yakishayathibitisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_policies.py" line="173"/>
        <source>Policy schedule {policy}</source>
        <translation>Ratiba ya bima {policy}</translation>
    </message>
</context>
<context>
    <name>CustomerSearchTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="81"/>
        <source>Name</source>
        <translation>Jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="82"/>
        <source>CIF</source>
        <translation>CIF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="83"/>
        <source>National ID</source>
        <translation>Kitambulisho cha taifa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="84"/>
        <source>Phone</source>
        <translation>Simu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="85"/>
        <source>KYC tier</source>
        <translation>Daraja la KYC</translation>
    </message>
</context>
<context>
    <name>Customers</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="74"/>
        <source>{cif} (provisional)</source>
        <translation>{cif} (ya muda)</translation>
    </message>
</context>
<context>
    <name>CustomersScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="139"/>
        <source>National ID, phone or name (Ctrl+F)</source>
        <translation>Kitambulisho, simu au jina (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="145"/>
        <source>&amp;Register customer… (Ctrl+N)</source>
        <translation>&amp;Sajili mteja… (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="157"/>
        <source>Find a customer, then press Enter on them to see their profile.</source>
        <translation>Tafuta mteja, kisha bonyeza Enter juu yake kuona wasifu wake.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="197"/>
        <source>Profile</source>
        <translation>Wasifu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="213"/>
        <source>Request KYC &amp;upgrade… (Ctrl+U)</source>
        <translation>Omba ku&amp;pandisha daraja la KYC… (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="217"/>
        <source>CIF</source>
        <translation>CIF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="218"/>
        <source>National ID</source>
        <translation>Kitambulisho cha taifa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="219"/>
        <source>Phone</source>
        <translation>Simu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="220"/>
        <source>KYC tier</source>
        <translation>Daraja la KYC</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="222"/>
        <source>Documents</source>
        <translation>Nyaraka</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="228"/>
        <source>Accounts</source>
        <translation>Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="230"/>
        <source>Recent entries</source>
        <translation>Miamala ya karibuni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="298"/>
        <source>No customer matches</source>
        <translation>Hakuna mteja anayelingana</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="300"/>
        <source>{n} found: Down or Enter to choose</source>
        <translation>Wamepatikana {n}: bonyeza Chini au Enter kuchagua</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="363"/>
        <source>{cif} — provisional: head office issues the CIF when the registration syncs</source>
        <translation>{cif} — ya muda: makao makuu yatatoa CIF usajili utakaposawazishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="370"/>
        <source>Tier {tier}</source>
        <translation>Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="374"/>
        <source>What Tier {tier} allows</source>
        <translation>Kinachoruhusiwa kwa Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="383"/>
        <source>An upgrade already waits for head office</source>
        <translation>Ombi la kupandisha daraja tayari linasubiri makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="392"/>
        <source>Upgrade to Tier {tier} requested ({reference}): {status} until head office decides</source>
        <translation>Ombi la kupandisha hadi Daraja {tier} limetumwa ({reference}): {status} hadi makao makuu yaamue</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="395"/>
        <source>Upgrade to Tier {tier} ({reference}) refused by head office: {reason}</source>
        <translation>Kupandisha hadi Daraja {tier} ({reference}) kumekataliwa na makao makuu: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="400"/>
        <source>Upgrade to Tier {tier} ({reference}) confirmed; the new tier arrives with the next sync</source>
        <translation>Kupandisha hadi Daraja {tier} ({reference}) kumethibitishwa; daraja jipya litafika na usawazishaji ujao</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="407"/>
        <source>No photo of the ID card on file</source>
        <translation>Hakuna picha ya kitambulisho iliyohifadhiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="409"/>
        <source>Photo of the ID card on file (captured {when}, {reference})</source>
        <translation>Picha ya kitambulisho imehifadhiwa (ilipigwa {when}, {reference})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="446"/>
        <source>Registered under provisional CIF {cif} ({reference}); pending until head office confirms</source>
        <translation>Amesajiliwa kwa CIF ya muda {cif} ({reference}); inasubiri hadi makao makuu yathibitishe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="491"/>
        <source>Not sent: the upgrade needs a supervisor&apos;s approval</source>
        <translation>Ombi halijatumwa: kupandisha daraja kunahitaji idhini ya msimamizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customers.py" line="500"/>
        <source>KYC upgrade to Tier {tier} requested ({reference}), approved by {checker}; pending until head office decides</source>
        <translation>Ombi la kupandisha daraja la KYC hadi Daraja {tier} limetumwa ({reference}), limeidhinishwa na {checker}; linasubiri hadi makao makuu yaamue</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="20"/>
        <source>Normal</source>
        <translation>Kawaida</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="21"/>
        <source>Watch</source>
        <translation>Uangalizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="22"/>
        <source>Substandard</source>
        <translation>Chini ya kiwango</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="23"/>
        <source>Doubtful</source>
        <translation>Yenye shaka</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="24"/>
        <source>Loss</source>
        <translation>Hasara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="27"/>
        <source>Personal accident</source>
        <translation>Ajali binafsi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="28"/>
        <source>WIBA</source>
        <translation>WIBA</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="29"/>
        <source>Asset all risk</source>
        <translation>Mali, hatari zote</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="116"/>
        <source>&amp;As of:</source>
        <translation>&amp;Tarehe:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="122"/>
        <source> months</source>
        <translation> miezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="123"/>
        <source>&amp;History:</source>
        <translation>&amp;Historia:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="125"/>
        <source>&amp;Show</source>
        <translation>&amp;Soma</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="128"/>
        <source>Export P&amp;DF…</source>
        <translation>Toa P&amp;DF…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="131"/>
        <source>Export &amp;CSV…</source>
        <translation>Toa &amp;CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="149"/>
        <source>Loan book</source>
        <translation>Jalada la mikopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="150"/>
        <source>Active loans</source>
        <translation>Mikopo hai</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="151"/>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="300"/>
        <source>NPL ratio</source>
        <translation>Uwiano wa NPL</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="152"/>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="306"/>
        <source>PAR30</source>
        <translation>PAR30</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="153"/>
        <source>Policies in force</source>
        <translation>Sera zinazotumika</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="163"/>
        <source>Loan book over time</source>
        <translation>Jalada la mikopo kwa muda</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="165"/>
        <source>NPL ratio and PAR30 over time</source>
        <translation>Uwiano wa NPL na PAR30 kwa muda</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="168"/>
        <source>Loans by classification</source>
        <translation>Mikopo kwa uainishaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="171"/>
        <source>Insurance policies by type</source>
        <translation>Sera za bima kwa aina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="186"/>
        <source>SME / facility</source>
        <translation>SME / mkopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="187"/>
        <source>Sector / product</source>
        <translation>Sekta / bidhaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="188"/>
        <source>Turnover / principal</source>
        <translation>Mauzo / kiasi cha msingi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="189"/>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="285"/>
        <source>Outstanding</source>
        <translation>Kinachodaiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="190"/>
        <source>Classification</source>
        <translation>Uainishaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="191"/>
        <source>Days past due</source>
        <translation>Siku za kuchelewa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="192"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="205"/>
        <source>Overview</source>
        <translation>Muhtasari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="206"/>
        <source>SMEs and their facilities</source>
        <translation>SME na mikopo yao</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="207"/>
        <source>Loans by product</source>
        <translation>Mikopo kwa bidhaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="247"/>
        <source>Head office&apos;s books as of {date}; read at {time}.</source>
        <translation>Vitabu vya makao makuu hadi {date}; vimesomwa {time}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="252"/>
        <source>outstanding principal</source>
        <translation>kiasi cha msingi kinachodaiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="254"/>
        <source>{n} closed</source>
        <translation>{n} imefungwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="260"/>
        <source>of {n} sold</source>
        <translation>kati ya {n} zilizouzwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="330"/>
        <source>{amount} in {n} loans</source>
        <translation>{amount} katika mikopo {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="349"/>
        <source>Sold</source>
        <translation>Zilizouzwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="355"/>
        <source>In force</source>
        <translation>Zinazotumika</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="361"/>
        <source>Lapsed</source>
        <translation>Zilizokoma</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="367"/>
        <source>Policies</source>
        <translation>Sera</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="384"/>
        <source>{n} facilities</source>
        <translation>mikopo {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="393"/>
        <source>not yet booked</source>
        <translation>bado haijarekodiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="425"/>
        <source>Export the dashboard as PDF</source>
        <translation>Toa dashibodi kama PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="425"/>
        <source>Export the figures as CSV</source>
        <translation>Toa takwimu kama CSV</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="427"/>
        <source>PDF files (*.pdf)</source>
        <translation>Faili za PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="427"/>
        <source>CSV files (*.csv)</source>
        <translation>Faili za CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard.py" line="461"/>
        <source>Saved {path}</source>
        <translation>Imehifadhiwa: {path}</translation>
    </message>
</context>
<context>
    <name>DenominationsWidget</name>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="64"/>
        <source>&lt;b&gt;Note / coin&lt;/b&gt;</source>
        <translation>&lt;b&gt;Noti / sarafu&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="65"/>
        <source>&lt;b&gt;Pieces&lt;/b&gt;</source>
        <translation>&lt;b&gt;Idadi&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="66"/>
        <source>&lt;b&gt;Total&lt;/b&gt;</source>
        <translation>&lt;b&gt;Jumla&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="93"/>
        <source>&lt;b&gt;Counted&lt;/b&gt;</source>
        <translation>&lt;b&gt;Jumla iliyohesabiwa&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="100"/>
        <source>KES {value} note</source>
        <translation>Noti ya KES {value}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/denominations.py" line="101"/>
        <source>KES {value} coin</source>
        <translation>Sarafu ya KES {value}</translation>
    </message>
</context>
<context>
    <name>DeviceDayTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="110"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="111"/>
        <source>Location</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="112"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="113"/>
        <source>Batches</source>
        <translation>Vifurushi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="114"/>
        <source>Entries</source>
        <translation>Miamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="115"/>
        <source>Booked</source>
        <translation>Imerekodiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="116"/>
        <source>Exceptions</source>
        <translation>Hitilafu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="117"/>
        <source>Refused</source>
        <translation>Imekataliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="118"/>
        <source>Waiting</source>
        <translation>Inasubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="119"/>
        <source>Sequences</source>
        <translation>Mfuatano</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="120"/>
        <source>Last sync</source>
        <translation>Usawazishaji wa mwisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="121"/>
        <source>Clock</source>
        <translation>Saa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="122"/>
        <source>Gap</source>
        <translation>Pengo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="136"/>
        <source>never synced (enrolled {time})</source>
        <translation>hakijawahi kusawazisha (kilisajiliwa {time})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="137"/>
        <source>silent since {time}</source>
        <translation>kimya tangu {time}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="169"/>
        <source>Booked, with an exception raised</source>
        <translation>Imerekodiwa, pamoja na hitilafu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="171"/>
        <source>Awaiting a checker&apos;s approval at head office</source>
        <translation>Inasubiri idhini ya mkaguzi makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="175"/>
        <source>~ Estimated from its batches: it sent no signed request that day. Its clock is at least this far ahead, or at most this far behind.</source>
        <translation>~ Makadirio kutoka kwa vifurushi vyake: haikutuma ombi lililosainiwa siku hiyo. Saa yake iko mbele angalau kwa kiasi hiki, au nyuma si zaidi ya kiasi hiki.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="182"/>
        <source>This device&apos;s clock is out of step with head office&apos;s</source>
        <translation>Saa ya kifaa hiki haiendani na ya makao makuu</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="53"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="54"/>
        <source>Location</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="55"/>
        <source>Works as</source>
        <translation>Kinafanya kazi kama</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="56"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="57"/>
        <source>App</source>
        <translation>Programu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="58"/>
        <source>Enrolled</source>
        <translation>Kilisajiliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="59"/>
        <source>Last sync</source>
        <translation>Usawazishaji wa mwisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="60"/>
        <source>Last seen</source>
        <translation>Kilionekana mwisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="61"/>
        <source>Clock</source>
        <translation>Saa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="62"/>
        <source>Note</source>
        <translation>Maelezo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="88"/>
        <source>This device&apos;s clock is out of step with head office&apos;s</source>
        <translation>Saa ya kifaa hiki haiendani na ya makao makuu</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="145"/>
        <source>&amp;Enrol a device…</source>
        <translation>&amp;Sajili kifaa…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="148"/>
        <source>&amp;Revoke…</source>
        <translation>&amp;Batilisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="151"/>
        <source>Revoke the selected device, saying why: it can no longer sync</source>
        <translation>Batilisha kifaa kilichochaguliwa, ukisema sababu: hakitaweza kusawazisha tena</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="154"/>
        <source>Re&amp;fresh</source>
        <translation>Onyesha &amp;upya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="200"/>
        <source>{n} device(s): {active} active, {frozen} frozen, {revoked} revoked; {flagged} with the clock out of step; {never} never synced.</source>
        <translation>Vifaa {n}: {active} hai, {frozen} vimesimamishwa, {revoked} vimebatilishwa; {flagged} na saa isiyoendana; {never} havijawahi kusawazisha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="235"/>
        <source>last synced {time} (head office holds its entries to {sequence})</source>
        <translation>kilisawazisha mwisho {time} (makao makuu yana miamala yake hadi {sequence})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="239"/>
        <source>never synced</source>
        <translation>hakijawahi kusawazisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="241"/>
        <source> (out of step)</source>
        <translation> (haiendani)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="244"/>
        <source>{device} at {location} ({code}), {channel}: {status}, enrolled {enrolled}; {synced}; last seen {seen}; clock {clock}{flagged}.</source>
        <translation>{device} katika {location} ({code}), {channel}: {status}, kilisajiliwa {enrolled}; {synced}; kilionekana mwisho {seen}; saa {clock}{flagged}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="291"/>
        <source>Device {device} may now be enrolled at {location} with the code shown.</source>
        <translation>Kifaa {device} sasa kinaweza kusajiliwa katika {location} kwa msimbo ulioonyeshwa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="318"/>
        <source>Revoke {device}</source>
        <translation>Batilisha {device}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="320"/>
        <source>Revoke {device} at {location} now? It can no longer sync, and this cannot be undone. Reason: {reason}</source>
        <translation>Batilisha {device} katika {location} sasa? Hakitaweza kusawazisha tena, na hili haliwezi kutenduliwa. Sababu: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="331"/>
        <source>Revoke</source>
        <translation>Batilisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="333"/>
        <source>Keep it</source>
        <translation>Kibaki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/devices.py" line="351"/>
        <source>{device} is revoked: head office refuses what it sends from now on.</source>
        <translation>{device} kimebatilishwa: makao makuu yatakataa chochote kitakachotuma kuanzia sasa.</translation>
    </message>
</context>
<context>
    <name>EnrolDeviceDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="36"/>
        <source>Enrol a device</source>
        <translation>Sajili kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="41"/>
        <source>&amp;Location:</source>
        <translation>&amp;Mahali:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="48"/>
        <source>Works as:</source>
        <translation>Kitafanya kazi kama:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="51"/>
        <source>Head office issues a one-time code for a new PC at this location. Whoever sets the PC up types it at the PC&apos;s first start.</source>
        <translation>Makao makuu hutoa msimbo wa mara moja kwa kompyuta mpya mahali hapa. Anayeweka kompyuta huuandika inapowashwa mara ya kwanza.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="60"/>
        <source>&amp;Issue a code</source>
        <translation>&amp;Toa msimbo</translation>
    </message>
</context>
<context>
    <name>EnrolmentCodeDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="88"/>
        <source>One-time enrolment code</source>
        <translation>Msimbo wa usajili wa mara moja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="91"/>
        <source>The code for device &lt;b&gt;{device}&lt;/b&gt; at {location}:</source>
        <translation>Msimbo wa kifaa &lt;b&gt;{device}&lt;/b&gt; katika {location}:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="107"/>
        <source>&amp;Copy</source>
        <translation>&amp;Nakili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="112"/>
        <source>It works once, until {time}. This is the only time it is shown: head office keeps no copy. Read it to whoever sets the PC up; if it is lost, issue another.</source>
        <translation>Unafanya kazi mara moja, hadi {time}. Hii ndiyo mara pekee unaonyeshwa: makao makuu hayahifadhi nakala. Msomee anayeweka kompyuta; ukipotea, toa mwingine.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrol_device.py" line="136"/>
        <source>Copied.</source>
        <translation>Umenakiliwa.</translation>
    </message>
</context>
<context>
    <name>EnrolmentDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="30"/>
        <source>Wekeza — enrol this device</source>
        <translation>Wekeza — sajili kifaa hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="33"/>
        <source>This PC is not yet a device of the bank. Type the head office server&apos;s address and the one-time enrolment code head office gave you.</source>
        <translation>Kompyuta hii bado si kifaa cha benki. Andika anwani ya seva ya makao makuu na nambari ya usajili ya mara moja uliyopewa na makao makuu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="48"/>
        <source>Server</source>
        <translation>Seva</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="49"/>
        <source>Enrolment code</source>
        <translation>Nambari ya usajili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="51"/>
        <source>Enrol</source>
        <translation>Sajili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="64"/>
        <source>The server address starts with https:// (or http:// on a test network)</source>
        <translation>Anwani ya seva huanza na https:// (au http:// kwenye mtandao wa majaribio)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="67"/>
        <source>Type the enrolment code from head office</source>
        <translation>Andika nambari ya usajili kutoka makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/enrolment.py" line="70"/>
        <source>Enrolling…</source>
        <translation>Inasajili…</translation>
    </message>
</context>
<context>
    <name>EntriesTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="86"/>
        <source>Time</source>
        <translation>Wakati</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="87"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="88"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="89"/>
        <source>Customer</source>
        <translation>Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="90"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="91"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
</context>
<context>
    <name>EntryStatus</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="18"/>
        <source>pending</source>
        <translation>inasubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="19"/>
        <source>pending (awaiting a checker)</source>
        <translation>inasubiri (inangoja mhakiki)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="20"/>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="22"/>
        <source>confirmed</source>
        <translation>imethibitishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="21"/>
        <source>confirmed (exception raised)</source>
        <translation>imethibitishwa (dosari imeripotiwa)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="23"/>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="24"/>
        <source>refused</source>
        <translation>imekataliwa</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../desktop_app/ui/errors.py" line="26"/>
        <source>Head office cannot be reached: {detail}</source>
        <translation>Makao makuu hayapatikani: {detail}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/errors.py" line="28"/>
        <source>Something went wrong inside the app ({kind}); nothing was committed.</source>
        <translation>Hitilafu imetokea ndani ya programu ({kind}); hakuna kilichorekodiwa.</translation>
    </message>
</context>
<context>
    <name>Evidence</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="50"/>
        <source>full name</source>
        <translation>jina kamili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="51"/>
        <source>national ID number</source>
        <translation>nambari ya kitambulisho cha taifa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="52"/>
        <source>phone number</source>
        <translation>nambari ya simu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="53"/>
        <source>date of birth</source>
        <translation>tarehe ya kuzaliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="54"/>
        <source>scan of the ID card</source>
        <translation>picha ya kitambulisho iliyoskaniwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="55"/>
        <source>portrait photo</source>
        <translation>picha ya pasipoti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="56"/>
        <source>KRA PIN</source>
        <translation>PIN ya KRA</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="57"/>
        <source>proof of address</source>
        <translation>uthibitisho wa anwani</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="69"/>
        <source>Tier {tier} needs: {needed}</source>
        <translation>Daraja {tier} linahitaji: {needed}</translation>
    </message>
</context>
<context>
    <name>EvidenceChecklist</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="88"/>
        <source>Evidence seen at the counter</source>
        <translation>Ushahidi ulioonekana kaunta</translation>
    </message>
</context>
<context>
    <name>ExceptionStepDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="48"/>
        <source>Assign {label}</source>
        <translation>Kabidhi {label}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="49"/>
        <source>Comment on {label}</source>
        <translation>Toa maoni kuhusu {label}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="50"/>
        <source>Propose a correction for {label}</source>
        <translation>Pendekeza marekebisho ya {label}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="51"/>
        <source>Approve the correction of {label}</source>
        <translation>Idhinisha marekebisho ya {label}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="52"/>
        <source>Reject the correction of {label}</source>
        <translation>Kataa marekebisho ya {label}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="56"/>
        <source>&lt;b&gt;{label}&lt;/b&gt; {what}: {amount} on {account}, {reference}</source>
        <translation>&lt;b&gt;{label}&lt;/b&gt; {what}: {amount} kwenye {account}, {reference}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="71"/>
        <source>e.g. otieno</source>
        <translation>mf. otieno</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="86"/>
        <source>&amp;User:</source>
        <translation>&amp;Mtumiaji:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="90"/>
        <source>&amp;Correction:</source>
        <translation>&amp;Marekebisho:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="93"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Kiasi:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="97"/>
        <source>Approving books: {correction}</source>
        <translation>Kuidhinisha kunarekodi: {correction}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="102"/>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="105"/>
        <source>&amp;Note (optional):</source>
        <translation>Ma&amp;elezo (si lazima):</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="103"/>
        <source>&amp;Comment:</source>
        <translation>&amp;Maoni:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="104"/>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="106"/>
        <source>&amp;Why:</source>
        <translation>&amp;Sababu:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="122"/>
        <source>Assi&amp;gn</source>
        <translation>&amp;Kabidhi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="123"/>
        <source>&amp;Save comment</source>
        <translation>&amp;Hifadhi maoni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="124"/>
        <source>&amp;Propose</source>
        <translation>&amp;Pendekeza</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="125"/>
        <source>Appro&amp;ve</source>
        <translation>&amp;Idhinisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="126"/>
        <source>&amp;Reject</source>
        <translation>&amp;Kataa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="169"/>
        <source>The note is {n} characters; at most {max}.</source>
        <translation>Maelezo yana herufi {n}; zisizidi {max}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="172"/>
        <source>Write why: the others working it will read it.</source>
        <translation>Andika sababu: wengine wanaoishughulikia wataisoma.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="177"/>
        <source>Name the user who is to work it.</source>
        <translation>Taja mtumiaji atakayeishughulikia.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="182"/>
        <source>No correction may be proposed for this exception here.</source>
        <translation>Hakuna marekebisho yanayoweza kupendekezwa kwa hitilafu hii hapa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/exception_step.py" line="186"/>
        <source>A correction may not be more than the exception&apos;s {amount}.</source>
        <translation>Marekebisho hayawezi kuzidi kiasi cha hitilafu, {amount}.</translation>
    </message>
</context>
<context>
    <name>ExceptionTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="96"/>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="300"/>
        <source>Exception</source>
        <translation>Hitilafu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="301"/>
        <source>Code</source>
        <translation>Msimbo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="97"/>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="302"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="98"/>
        <source>What</source>
        <translation>Nini</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="99"/>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="303"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="100"/>
        <source>Customer</source>
        <translation>Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="102"/>
        <source>Assigned to</source>
        <translation>Amekabidhiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="304"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="305"/>
        <source>Account</source>
        <translation>Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="101"/>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="306"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="307"/>
        <source>Note</source>
        <translation>Maelezo</translation>
    </message>
</context>
<context>
    <name>ExceptionTexts</name>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="19"/>
        <source>Offline overdraft</source>
        <translation>Salio hasi nje ya mtandao</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="20"/>
        <source>Limit broken by cash paid</source>
        <translation>Kikomo kimevukwa na pesa taslimu iliyolipwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="21"/>
        <source>Judged under another limit table</source>
        <translation>Imeamuliwa kwa jedwali jingine la vikomo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="22"/>
        <source>Account head office does not hold</source>
        <translation>Akaunti isiyo makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="23"/>
        <source>Cash entry head office cannot read</source>
        <translation>Muamala wa pesa taslimu usiosomeka makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="24"/>
        <source>Loan overpaid</source>
        <translation>Mkopo umelipwa zaidi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="25"/>
        <source>Premium not as priced</source>
        <translation>Ada ya bima si kama ilivyopangwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="26"/>
        <source>Premium for no known policy</source>
        <translation>Ada ya bima isiyo na sera inayojulikana</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="29"/>
        <source>Open</source>
        <translation>Wazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="30"/>
        <source>Resolved</source>
        <translation>Imetatuliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="33"/>
        <source>Write off (the bank bears the loss)</source>
        <translation>Futa deni (benki inabeba hasara)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="34"/>
        <source>Recover from the customer (no entry)</source>
        <translation>Dai kutoka kwa mteja (bila muamala)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="35"/>
        <source>Refund to the customer&apos;s wallet</source>
        <translation>Rudisha kwenye pochi ya mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="36"/>
        <source>Explained (no entry)</source>
        <translation>Imeelezwa (bila muamala)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="39"/>
        <source>assigned it to {assignee}</source>
        <translation>aliikabidhi kwa {assignee}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="40"/>
        <source>commented</source>
        <translation>alitoa maoni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="41"/>
        <source>proposed: {correction}</source>
        <translation>alipendekeza: {correction}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="42"/>
        <source>approved: {correction}</source>
        <translation>aliidhinisha: {correction}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="43"/>
        <source>rejected the proposal</source>
        <translation>alikataa pendekezo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="54"/>
        <source>{status}, proposal waiting</source>
        <translation>{status}, pendekezo linasubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="80"/>
        <source>{account} debited {amount}</source>
        <translation>{account} imetozwa {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="82"/>
        <source>{account} credited {amount}</source>
        <translation>{account} imewekewa {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions_tables.py" line="85"/>
        <source>Booked by head office as {reference} on {date} (made by {maker}, approved by {checker}): {postings}</source>
        <translation>Imerekodiwa na makao makuu kama {reference} tarehe {date} (imeandaliwa na {maker}, imeidhinishwa na {checker}): {postings}</translation>
    </message>
</context>
<context>
    <name>ExceptionsScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="67"/>
        <source>Open</source>
        <translation>Wazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="68"/>
        <source>Resolved</source>
        <translation>Zimetatuliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="69"/>
        <source>All</source>
        <translation>Zote</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="71"/>
        <source>S&amp;tatus:</source>
        <translation>&amp;Hali:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="73"/>
        <source>Re&amp;fresh</source>
        <translation>Onyesha &amp;upya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="115"/>
        <source>&amp;Assign…</source>
        <translation>Ka&amp;bidhi…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="115"/>
        <source>Name who is to work this exception</source>
        <translation>Taja nani ataishughulikia hitilafu hii</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="116"/>
        <source>&amp;Comment…</source>
        <translation>&amp;Toa maoni…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="116"/>
        <source>Add a note to its history</source>
        <translation>Ongeza maelezo kwenye historia yake</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="117"/>
        <source>Propose co&amp;rrection…</source>
        <translation>&amp;Pendekeza marekebisho…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="118"/>
        <source>Propose how to resolve it; another user approves</source>
        <translation>Pendekeza jinsi ya kuitatua; mtumiaji mwingine ataidhinisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="119"/>
        <source>Appro&amp;ve…</source>
        <translation>I&amp;dhinisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="120"/>
        <source>Approve the proposed correction: head office books it and the exception is resolved</source>
        <translation>Idhinisha marekebisho yaliyopendekezwa: makao makuu yanayarekodi na hitilafu inatatuliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="121"/>
        <source>Re&amp;ject…</source>
        <translation>&amp;Kataa…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="121"/>
        <source>Reject the proposed correction, saying why</source>
        <translation>Kataa marekebisho yaliyopendekezwa, ukisema sababu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="182"/>
        <source>{n} exception(s): {open} open, {waiting} with a proposal waiting for a checker.</source>
        <translation>Hitilafu {n}: {open} wazi, {waiting} zenye pendekezo linalosubiri mhakiki.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="188"/>
        <source>The newest are shown; more match.</source>
        <translation>Za karibuni zaidi zinaonyeshwa; nyingine zaidi zinalingana.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="233"/>
        <source>{label}: {what}, {amount} on {account}. Raised by {reference} ({kind} of {entry_amount} for {customer}, by {user} at device {device}, {location}, business day {day}). {note}</source>
        <translation>{label}: {what}, {amount} kwenye {account}. Imetokana na {reference} ({kind} ya {entry_amount} kwa {customer}, na {user} kwenye kifaa {device}, {location}, siku ya kazi {day}). {note}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="254"/>
        <source>Nothing done yet.</source>
        <translation>Hakuna kilichofanyika bado.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="258"/>
        <source>Resolved with no entry booked.</source>
        <translation>Imetatuliwa bila muamala kurekodiwa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="291"/>
        <source>{label} is assigned to {assignee}.</source>
        <translation>{label} imekabidhiwa kwa {assignee}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="292"/>
        <source>Your comment is on {label}&apos;s record.</source>
        <translation>Maoni yako yamewekwa kwenye kumbukumbu ya {label}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="293"/>
        <source>Your correction of {label} waits for another user&apos;s approval.</source>
        <translation>Marekebisho yako ya {label} yanasubiri idhini ya mtumiaji mwingine.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="294"/>
        <source>{label} is resolved.</source>
        <translation>{label} imetatuliwa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="295"/>
        <source>The proposal for {label} is rejected; it stays open.</source>
        <translation>Pendekezo la {label} limekataliwa; bado iko wazi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/exceptions.py" line="298"/>
        <source>Head office booked {reference}.</source>
        <translation>Makao makuu yamerekodi {reference}.</translation>
    </message>
</context>
<context>
    <name>ForkTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="332"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="333"/>
        <source>Entries of the other batch</source>
        <translation>Miamala ya kifurushi kingine</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="334"/>
        <source>Detected</source>
        <translation>Imegunduliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="335"/>
        <source>Device frozen</source>
        <translation>Kifaa kimesimamishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="347"/>
        <source>Yes</source>
        <translation>Ndiyo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="349"/>
        <source>No</source>
        <translation>Hapana</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="19"/>
        <source>{n} s</source>
        <translation>sek. {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="21"/>
        <source>{n} min</source>
        <translation>dak. {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="23"/>
        <source>{h} h {m} min</source>
        <translation>saa {h} dak. {m}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="24"/>
        <source>{n} days</source>
        <translation>siku {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="30"/>
        <source>never</source>
        <translation>bado</translation>
    </message>
</context>
<context>
    <name>HeadOfficeScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="72"/>
        <source>Online only: read from head office&apos;s server when you ask; nothing of it is kept on this PC.</source>
        <translation>Mtandaoni tu: husomwa kutoka seva ya makao makuu unapoomba; hakuna kinachohifadhiwa kwenye kompyuta hii.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="92"/>
        <source>Log in at head office</source>
        <translation>Ingia makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="101"/>
        <source>&amp;Password:</source>
        <translation>&amp;Nenosiri:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="103"/>
        <source>&amp;Log in</source>
        <translation>&amp;Ingia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="175"/>
        <source>Type your head office password to log in.</source>
        <translation>Andika nenosiri lako la makao makuu ili uingie.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="261"/>
        <source>Your login at head office has ended ({message}). Type your password again.</source>
        <translation>Muda wako wa kuingia makao makuu umeisha ({message}). Andika nenosiri lako tena.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="269"/>
        <source>Head office answered, but not in a form this app reads ({field}: {problem}). Nothing was changed here. Try again; if it happens again, tell IT.</source>
        <translation>Makao makuu yamejibu, lakini si kwa namna programu hii inasoma ({field}: {problem}). Hakuna kilichobadilishwa hapa. Jaribu tena; ikitokea tena, waambie IT.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="279"/>
        <source>Head office cannot be reached just now. Nothing was changed; try again when the link is back.</source>
        <translation>Makao makuu hayapatikani kwa sasa. Hakuna kilichobadilishwa; jaribu tena mtandao ukirudi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="304"/>
        <source>This PC is not connected to a server: head office&apos;s screens work online only.</source>
        <translation>Kompyuta hii haijaunganishwa na seva: skrini za makao makuu hufanya kazi mtandaoni tu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="311"/>
        <source>Offline: head office cannot be reached now, and this screen works online only. It works again as soon as the link is back.</source>
        <translation>Nje ya mtandao: makao makuu hayapatikani sasa, na skrini hii hufanya kazi mtandaoni tu. Itafanya kazi tena mara mtandao utakaporudi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/head_office.py" line="321"/>
        <source>{name} ({user_id}), type your head office password: one login opens every head office screen.</source>
        <translation>{name} ({user_id}), andika nenosiri lako la makao makuu: kuingia mara moja kunafungua skrini zote za makao makuu.</translation>
    </message>
</context>
<context>
    <name>HeadOfficeTexts</name>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="15"/>
        <source>Active</source>
        <translation>Hai</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="16"/>
        <source>Frozen</source>
        <translation>Kimesimamishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="17"/>
        <source>Revoked</source>
        <translation>Kimebatilishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="20"/>
        <source>Branch</source>
        <translation>Tawi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="21"/>
        <source>Agent</source>
        <translation>Wakala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="22"/>
        <source>Head office</source>
        <translation>Makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="48"/>
        <source>in step</source>
        <translation>inaendana</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="50"/>
        <source>{age} ahead</source>
        <translation>mbele kwa {age}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/head_office_texts.py" line="51"/>
        <source>{age} behind</source>
        <translation>nyuma kwa {age}</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="44"/>
        <source>As of</source>
        <translation>Tarehe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="45"/>
        <source>Outstanding (KES)</source>
        <translation>Kinachodaiwa (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="46"/>
        <source>NPL ratio</source>
        <translation>Uwiano wa NPL</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="47"/>
        <source>PAR30</source>
        <translation>PAR30</translation>
    </message>
</context>
<context>
    <name>IdPhotoPicker</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="123"/>
        <source>Choose ID &amp;photo…</source>
        <translation>Chagua &amp;picha ya kitambulisho…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="127"/>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="198"/>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="199"/>
        <source>No photo chosen</source>
        <translation>Hakuna picha iliyochaguliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="133"/>
        <source>JPEG or PNG, at most {size} MB</source>
        <translation>JPEG au PNG, isiyozidi MB {size}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="151"/>
        <source>Photo of the ID card</source>
        <translation>Picha ya kitambulisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="152"/>
        <source>Pictures (*.jpg *.jpeg *.png)</source>
        <translation>Picha (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="165"/>
        <source>Reading {name}…</source>
        <translation>Inasoma {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="173"/>
        <source>{name} cannot be shown as a picture; choose another file</source>
        <translation>{name} haiwezi kuonyeshwa kama picha; chagua faili nyingine</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="184"/>
        <source>{name} · {kind} · {width}×{height} · {size} KB</source>
        <translation>{name} · {kind} · {width}×{height} · KB {size}</translation>
    </message>
</context>
<context>
    <name>Insurance</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="55"/>
        <source>Premium</source>
        <translation>Ada ya bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="58"/>
        <source>Stamp duty</source>
        <translation>Ushuru wa stempu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="59"/>
        <source>Total payable</source>
        <translation>Jumla ya kulipa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="20"/>
        <source>Personal accident</source>
        <translation>Ajali binafsi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="21"/>
        <source>Work injury (WIBA)</source>
        <translation>Majeraha kazini (WIBA)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="22"/>
        <source>Asset all-risk</source>
        <translation>Mali, hatari zote</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="25"/>
        <source>New policy</source>
        <translation>Bima mpya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="26"/>
        <source>Renewal</source>
        <translation>Kuhuisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="27"/>
        <source>Monthly premium</source>
        <translation>Malipo ya mwezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="30"/>
        <source>Cash</source>
        <translation>Taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="31"/>
        <source>Wallet</source>
        <translation>Pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="53"/>
        <source>1 employee</source>
        <translation>mfanyakazi 1</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="54"/>
        <source>{count} employees</source>
        <translation>wafanyakazi {count}</translation>
    </message>
</context>
<context>
    <name>InsureScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="115"/>
        <source>&amp;Back to a new policy</source>
        <translation>&amp;Rudi kwa bima mpya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="140"/>
        <source>Pa&amp;yroll…</source>
        <translation>Mis&amp;hahara…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="142"/>
        <source>The annual payroll of each category of staff, by occupation class</source>
        <translation>Mishahara ya mwaka ya kila kundi la wafanyakazi, kwa daraja la kazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="147"/>
        <source>P&amp;lan</source>
        <translation>Mpan&amp;go</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="153"/>
        <source>Payroll</source>
        <translation>Mishahara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="154"/>
        <source>Insured items</source>
        <translation>Vitu vilivyowekewa bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="160"/>
        <source>In ca&amp;sh</source>
        <translation>Kwa tas&amp;limu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="162"/>
        <source>From the &amp;wallet</source>
        <translation>Kutoka &amp;pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="169"/>
        <source>Co&amp;nfirm…</source>
        <translation>Thibitish&amp;a…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="171"/>
        <source>Enter: show the confirmation</source>
        <translation>Enter: onyesha uthibitisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="187"/>
        <source>&amp;Customer</source>
        <translation>&amp;Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="189"/>
        <source>&amp;Product</source>
        <translation>&amp;Bidhaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="191"/>
        <source>Cover &amp;from</source>
        <translation>Kuanzia &amp;tarehe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="202"/>
        <source>Paid</source>
        <translation>Njia ya malipo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="284"/>
        <source>Reading the insurance tariff…</source>
        <translation>Inasoma viwango vya bima…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="293"/>
        <source>{plan}: {premium} a month</source>
        <translation>{plan}: {premium} kwa mwezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="316"/>
        <source>Pays per accident: death {death}; permanent total disability {disability}; medical expenses {medical}</source>
        <translation>Hulipa kwa kila ajali: kifo {death}; ulemavu kamili wa kudumu {disability}; gharama za matibabu {medical}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="361"/>
        <source>No payroll yet: Alt+Y to type it</source>
        <translation>Bado hakuna mishahara: Alt+H kuiandika</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="365"/>
        <source>Class {number}</source>
        <translation>Daraja {number}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="401"/>
        <source>Below the minimum premium: {minimum} is charged as the premium</source>
        <translation>Chini ya ada ya chini kabisa: {minimum} inatozwa kama ada ya bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="408"/>
        <source>Type the payroll (Alt+Y) to see the premium</source>
        <translation>Andika mishahara (Alt+H) kuona ada ya bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="415"/>
        <source>One more month of cover, from where the months paid end (head office counts them)</source>
        <translation>Mwezi mmoja zaidi wa bima, kuanzia miezi iliyolipwa inapoishia (makao makuu huihesabu)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="416"/>
        <source>Cover from {start} to {end}, both days included</source>
        <translation>Bima kuanzia {start} hadi {end}, siku zote mbili zikiwemo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="430"/>
        <source>The {plan} plan is no longer in the tariff: sell a new policy instead</source>
        <translation>Mpango wa {plan} haupo tena kwenye viwango: uza bima mpya badala yake</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="443"/>
        <source>The next month&apos;s premium of policy {policy}</source>
        <translation>Malipo ya mwezi unaofuata ya bima {policy}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="450"/>
        <source>Renewing policy {policy} for another year</source>
        <translation>Kuhuisha bima {policy} kwa mwaka mwingine</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="470"/>
        <source>Policy {policy} runs to {end}; it renews from {days} days before then</source>
        <translation>Bima {policy} inaendelea hadi {end}; inahuishwa kuanzia siku {days} kabla ya hapo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="512"/>
        <source>Choose the customer first: type a national ID, phone or name</source>
        <translation>Chagua mteja kwanza: andika nambari ya kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="541"/>
        <source>{name}&apos;s wallet holds {available}; this cover costs {total}. Take it in cash, or pay into the wallet first.</source>
        <translation>Pochi ya {name} ina {available}; bima hii inagharimu {total}. Pokea kwa taslimu, au weka pesa kwenye pochi kwanza.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="563"/>
        <source>Insurance premium from the wallet</source>
        <translation>Malipo ya bima kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="563"/>
        <source>Insurance premium in cash</source>
        <translation>Malipo ya bima kwa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="573"/>
        <source>{product}, a new policy</source>
        <translation>{product}, bima mpya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="575"/>
        <source>{product}, the next month of policy {policy}</source>
        <translation>{product}, mwezi unaofuata wa bima {policy}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="578"/>
        <source>{product}, policy {policy} renewed</source>
        <translation>{product}, bima {policy} imehuishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="581"/>
        <source>{plan} plan</source>
        <translation>Mpango wa {plan}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="582"/>
        <source>premium {amount}</source>
        <translation>ada ya bima {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="585"/>
        <source>stamp duty {amount}</source>
        <translation>ushuru wa stempu {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="588"/>
        <source>Pending until head office confirms; the schedule prints once it has.</source>
        <translation>Inasubiri hadi makao makuu yathibitishe; ratiba huchapishwa yakishathibitisha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="595"/>
        <source>Premium {reference}: {amount} from {name}&apos;s wallet for policy {policy}, pending until head office confirms.</source>
        <translation>Malipo ya bima {reference}: {amount} kutoka pochi ya {name} kwa bima {policy}, yanasubiri hadi makao makuu yathibitishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure.py" line="598"/>
        <source>Premium {reference}: {amount} in cash from {name} for policy {policy}. Alt+R prints its schedule.</source>
        <translation>Malipo ya bima {reference}: {amount} taslimu kutoka kwa {name} kwa bima {policy}. Alt+C huchapisha ratiba yake.</translation>
    </message>
</context>
<context>
    <name>InsuredItemsEditor</name>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="43"/>
        <source>e.g. Laptop, Dell Latitude 5440</source>
        <translation>k.m. Kompyuta, Dell Latitude 5440</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="49"/>
        <source>Remove this item</source>
        <translation>Ondoa kitu hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="67"/>
        <source>Item</source>
        <translation>Kitu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="68"/>
        <source>Declared value (KES)</source>
        <translation>Thamani iliyotajwa (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="81"/>
        <source>&amp;Add an item</source>
        <translation>Ongeza &amp;kitu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="162"/>
        <source>{count} of at most {maximum} items</source>
        <translation>Vitu {count} kati ya {maximum} kwa juu kabisa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="201"/>
        <source>Item {number}: say what it is</source>
        <translation>Kitu {number}: taja ni nini</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="207"/>
        <source>Item {number} ({description}): {reason}</source>
        <translation>Kitu {number} ({description}): {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/insured_items.py" line="214"/>
        <source>List the items to insure, each with its declared value</source>
        <translation>Orodhesha vitu vya kuwekea bima, kila kimoja na thamani yake iliyotajwa</translation>
    </message>
</context>
<context>
    <name>IssueTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="81"/>
        <source>Issue</source>
        <translation>Tatizo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="82"/>
        <source>Location</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="83"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="84"/>
        <source>Look up</source>
        <translation>Angalia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="85"/>
        <source>What is wrong</source>
        <translation>Kilicho na kasoro</translation>
    </message>
</context>
<context>
    <name>KycUpgradeDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="43"/>
        <source>KYC upgrade request</source>
        <translation>Ombi la kupandisha daraja la KYC</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="45"/>
        <source>{name} ({cif}), now at Tier {tier}</source>
        <translation>{name} ({cif}), sasa yuko Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="55"/>
        <source>Tier {tier}</source>
        <translation>Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="59"/>
        <source>A photo of the ID card is on file (captured {when}, {reference}); choose a new one only if it has changed</source>
        <translation>Picha ya kitambulisho imehifadhiwa (ilipigwa {when}, {reference}); chagua mpya ikiwa tu kitambulisho kimebadilika</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="65"/>
        <source>No photo of the ID card is on file: choose one for Tier 2 and above</source>
        <translation>Hakuna picha ya kitambulisho iliyohifadhiwa: chagua moja kwa Daraja 2 na zaidi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="70"/>
        <source>Every upgrade needs a supervisor&apos;s approval, and stays pending until head office decides; the customer&apos;s limits change only then.</source>
        <translation>Kila ombi la kupandisha daraja linahitaji idhini ya msimamizi, na linasubiri hadi makao makuu yaamue; vikomo vya mteja hubadilika wakati huo tu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="80"/>
        <source>New &amp;tier</source>
        <translation>Daraja &amp;jipya</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="81"/>
        <source>ID photo</source>
        <translation>Picha ya kitambulisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="86"/>
        <source>&amp;Request upgrade</source>
        <translation>&amp;Tuma ombi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/kyc_upgrade.py" line="113"/>
        <source>Wait until the photo has been read</source>
        <translation>Subiri hadi picha isomwe</translation>
    </message>
</context>
<context>
    <name>LoanApplicationDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="60"/>
        <source>flat rate</source>
        <translation>kiwango bapa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="61"/>
        <source>reducing balance</source>
        <translation>salio linalopungua</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="64"/>
        <source>weekly</source>
        <translation>kila wiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="65"/>
        <source>monthly</source>
        <translation>kila mwezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="68"/>
        <source>weeks ({minimum} to {maximum})</source>
        <translation>wiki ({minimum} hadi {maximum})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="69"/>
        <source>months ({minimum} to {maximum})</source>
        <translation>miezi ({minimum} hadi {maximum})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="73"/>
        <source>{count} weekly installment</source>
        <translation>awamu {count} ya kila wiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="76"/>
        <source>{count} weekly installments</source>
        <translation>awamu {count} za kila wiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="79"/>
        <source>{count} monthly installment</source>
        <translation>awamu {count} ya kila mwezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="82"/>
        <source>{count} monthly installments</source>
        <translation>awamu {count} za kila mwezi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="106"/>
        <source>{name}: {minimum} to {maximum} · {rate} a year, {method} · {frequency}</source>
        <translation>{name}: {minimum} hadi {maximum} · {rate} kwa mwaka, {method} · {frequency}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="173"/>
        <source>Loan application: {name}</source>
        <translation>Ombi la mkopo: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="174"/>
        <source>{name} ({cif})</source>
        <translation>{name} ({cif})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="213"/>
        <source>Head office scores the application; the money reaches the customer&apos;s wallet only if it approves. Until then the application is pending.</source>
        <translation>Makao makuu hutathmini ombi; pesa huingia kwenye pochi ya mteja ikiwa tu makao makuu yameidhinisha. Hadi hapo ombi linasubiri.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="226"/>
        <source>&amp;Product</source>
        <translation>&amp;Bidhaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="228"/>
        <source>&amp;Amount (KES)</source>
        <translation>Ki&amp;asi (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="230"/>
        <source>&amp;Installments</source>
        <translation>A&amp;wamu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="240"/>
        <source>Total interest</source>
        <translation>Jumla ya riba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="243"/>
        <source>Total repayable</source>
        <translation>Jumla ya kulipa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="249"/>
        <source>Appl&amp;y…</source>
        <translation>&amp;Omba…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="251"/>
        <source>Enter: confirm the application</source>
        <translation>Enter: thibitisha ombi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="341"/>
        <source>Confirm the loan application</source>
        <translation>Thibitisha ombi la mkopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="342"/>
        <source>Apply for {amount} over {installments} for {name}?</source>
        <translation>Kuomba mkopo wa {amount} kwa {installments} kwa niaba ya {name}?</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="350"/>
        <source>{name} would repay {total} in all, {interest} of it interest; the first installment falls due on {due}.</source>
        <translation>{name} atalipa {total} kwa jumla, ikiwemo riba ya {interest}; awamu ya kwanza inadaiwa tarehe {due}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="358"/>
        <source>&amp;Apply</source>
        <translation>&amp;Omba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="360"/>
        <source>Go &amp;back</source>
        <translation>&amp;Rudi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="376"/>
        <source>Recording the application…</source>
        <translation>Inarekodi ombi…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="389"/>
        <source>&amp;Close</source>
        <translation>&amp;Funga</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="393"/>
        <source>Application {reference}: {amount} over {installments} for {name}. Head office will score it: pending until head office decides.</source>
        <translation>Ombi {reference}: {amount} kwa {installments} kwa niaba ya {name}. Makao makuu yatalitathmini: linasubiri hadi makao makuu yaamue.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="34"/>
        <source>Wekeza — log in</source>
        <translation>Wekeza — ingia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="51"/>
        <source>User</source>
        <translation>Mtumiaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="52"/>
        <source>Password</source>
        <translation>Nenosiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="53"/>
        <source>Language</source>
        <translation>Lugha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="55"/>
        <source>Log in</source>
        <translation>Ingia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="72"/>
        <source>Type your user name and password</source>
        <translation>Andika jina lako la mtumiaji na nenosiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/login.py" line="75"/>
        <source>Checking…</source>
        <translation>Inakagua…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="104"/>
        <source>DEMO: the device key is kept in a plain file</source>
        <translation>MAJARIBIO: ufunguo wa kifaa umehifadhiwa kwenye faili isiyosimbwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="150"/>
        <source>Sync now</source>
        <translation>Sawazisha sasa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="153"/>
        <source>Log out</source>
        <translation>Toka</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="156"/>
        <source>Sess&amp;ion</source>
        <translation>Kika&amp;o</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="195"/>
        <source>Agent float</source>
        <translation>Float ya wakala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="203"/>
        <source>Till open ({user}, {date})</source>
        <translation>Droo wazi ({user}, {date})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="206"/>
        <source>Till closed</source>
        <translation>Droo imefungwa</translation>
    </message>
</context>
<context>
    <name>MoneyAction</name>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="40"/>
        <source>cash in</source>
        <translation>kuweka pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="41"/>
        <source>cash out</source>
        <translation>kutoa pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="44"/>
        <source>transfers</source>
        <translation>kuhamisha pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="45"/>
        <source>loan repayments from the wallet</source>
        <translation>kulipa mikopo kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="46"/>
        <source>premiums from the wallet</source>
        <translation>malipo ya bima kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="70"/>
        <source>Tier {tier} {what}: at most {per_transaction} per transaction; {used} of {per_day} used today, {after} with this one</source>
        <translation>Daraja {tier}, {what}: hadi {per_transaction} kwa muamala; {used} kati ya {per_day} zimetumika leo, {after} pamoja na huu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="85"/>
        <source>Above {threshold}: a supervisor must approve it</source>
        <translation>Zaidi ya {threshold}: lazima msimamizi aidhinishe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="92"/>
        <source>Offline, and the allowance has expired: sync first</source>
        <translation>Nje ya mtandao, na muda wa kikomo umeisha: sawazisha kwanza</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="95"/>
        <source>Offline allowance left: {device} on this device, {customer} for {name}</source>
        <translation>Kikomo kilichobaki nje ya mtandao: {device} kwa kifaa hiki, {customer} kwa {name}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="149"/>
        <source>Checking limits…</source>
        <translation>Inakagua vikomo…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="186"/>
        <source>Recording…</source>
        <translation>Inarekodi…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/money_action.py" line="226"/>
        <source>Cancelled: nothing was recorded.</source>
        <translation>Imeghairiwa: hakuna kilichorekodiwa.</translation>
    </message>
</context>
<context>
    <name>MoveScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="45"/>
        <source>Co&amp;nfirm…</source>
        <translation>Thi&amp;bitisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="47"/>
        <source>Enter: show the confirmation</source>
        <translation>Enter: onyesha uthibitisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="49"/>
        <source>&amp;Payroll run…</source>
        <translation>&amp;Mishahara…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="52"/>
        <source>A corporate client&apos;s salaries from a CSV file, approved at head office</source>
        <translation>Mishahara ya wafanyakazi wa kampuni kutoka faili ya CSV, inayoidhinishwa makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="60"/>
        <source>&amp;From</source>
        <translation>&amp;Kutoka kwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="61"/>
        <source>&amp;To</source>
        <translation>K&amp;wenda kwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="62"/>
        <source>&amp;Amount (KES)</source>
        <translation>Ki&amp;asi (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="69"/>
        <source>A transfer is a request: the sender&apos;s money is reserved now, and the receiver has it when head office confirms.</source>
        <translation>Kuhamisha pesa ni ombi: pesa za mtumaji zinazuiliwa sasa, na mpokeaji anazipata makao makuu yakithibitisha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="122"/>
        <source>Choose who sends and who receives: type a national ID, phone or name</source>
        <translation>Chagua mtumaji na mpokeaji: andika nambari ya kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="127"/>
        <source>{name} cannot send to themselves; choose who receives</source>
        <translation>{name} hawezi kujitumia pesa mwenyewe; chagua mpokeaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="149"/>
        <source>Transfer to {name} ({cif})</source>
        <translation>Kuhamisha pesa kwa {name} ({cif})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="159"/>
        <source>Pending until head office confirms: {name} receives it then.</source>
        <translation>Inasubiri hadi makao makuu yathibitishe: {name} atazipokea wakati huo.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="167"/>
        <source>Transfer {reference}: {amount} from {sender} to {receiver}, pending until head office confirms.</source>
        <translation>Uhamisho {reference}: {amount} kutoka kwa {sender} kwenda kwa {receiver}, unasubiri hadi makao makuu yathibitishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/move.py" line="175"/>
        <source>{sender}&apos;s balance now {balance}.</source>
        <translation>Salio la {sender} sasa ni {balance}.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="56"/>
        <source>Customers</source>
        <translation>Wateja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="60"/>
        <source>Cash</source>
        <translation>Pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="62"/>
        <source>Move</source>
        <translation>Hamisha pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="63"/>
        <source>Borrow</source>
        <translation>Mikopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="64"/>
        <source>Insure</source>
        <translation>Bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="65"/>
        <source>Save</source>
        <translation>Akiba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="66"/>
        <source>Till</source>
        <translation>Droo ya pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="68"/>
        <source>Receipts</source>
        <translation>Risiti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="69"/>
        <source>Approvals</source>
        <translation>Idhini</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="71"/>
        <source>Reconciliation</source>
        <translation>Ulinganisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="73"/>
        <source>Risk dashboard</source>
        <translation>Dashibodi ya hatari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="75"/>
        <source>Devices</source>
        <translation>Vifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="76"/>
        <source>Exceptions</source>
        <translation>Hitilafu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="78"/>
        <source>Sync</source>
        <translation>Sawazisha</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="27"/>
        <source>Till open</source>
        <translation>Kufungua droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="28"/>
        <source>Till close</source>
        <translation>Kufunga droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="29"/>
        <source>Vault to till</source>
        <translation>Kutoka hazina kwenda droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="30"/>
        <source>Till to vault</source>
        <translation>Kutoka droo kwenda hazina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="31"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="51"/>
        <source>Till over</source>
        <translation>Ziada ya droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="32"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="52"/>
        <source>Till short</source>
        <translation>Upungufu wa droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="33"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="53"/>
        <source>Cash deposit</source>
        <translation>Kuweka pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="34"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="54"/>
        <source>Cash withdrawal</source>
        <translation>Kutoa pesa taslimu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="35"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="55"/>
        <source>Transfer</source>
        <translation>Kuhamisha pesa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="36"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="56"/>
        <source>Loan disbursement</source>
        <translation>Utoaji wa mkopo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="37"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="57"/>
        <source>Loan repayment (cash)</source>
        <translation>Kulipa mkopo (taslimu)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="38"/>
        <source>Loan repayment (wallet)</source>
        <translation>Kulipa mkopo (pochi)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="39"/>
        <source>Premium (cash)</source>
        <translation>Malipo ya bima (taslimu)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="40"/>
        <source>Premium (wallet)</source>
        <translation>Malipo ya bima (pochi)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="41"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="61"/>
        <source>Reversal</source>
        <translation>Ubatilishaji</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="42"/>
        <source>Registration</source>
        <translation>Usajili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="43"/>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="63"/>
        <source>KYC upgrade</source>
        <translation>Kupandisha daraja la KYC</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="47"/>
        <source>Till opened</source>
        <translation>Droo imefunguliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="48"/>
        <source>Till closed</source>
        <translation>Droo imefungwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="49"/>
        <source>Cash from vault</source>
        <translation>Pesa kutoka hazina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="50"/>
        <source>Cash to vault</source>
        <translation>Pesa kwenda hazina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="58"/>
        <source>Loan repayment from wallet</source>
        <translation>Kulipa mkopo kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="59"/>
        <source>Insurance premium (cash)</source>
        <translation>Malipo ya bima (taslimu)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="60"/>
        <source>Insurance premium from wallet</source>
        <translation>Malipo ya bima kutoka pochi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="62"/>
        <source>Customer registration</source>
        <translation>Usajili wa mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="64"/>
        <source>Payroll run</source>
        <translation>Malipo ya mishahara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="69"/>
        <source>Pending</source>
        <translation>Inasubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="70"/>
        <source>Confirmed</source>
        <translation>Imethibitishwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="71"/>
        <source>Refused</source>
        <translation>Imekataliwa</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/override.py" line="15"/>
        <source>Supervisor approval</source>
        <translation>Idhini ya msimamizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/override.py" line="16"/>
        <source>This needs a supervisor&apos;s approval:</source>
        <translation>Hili linahitaji idhini ya msimamizi:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/override.py" line="24"/>
        <source>Supervisor</source>
        <translation>Msimamizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/override.py" line="25"/>
        <source>Password</source>
        <translation>Nenosiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/override.py" line="27"/>
        <source>Approve</source>
        <translation>Idhinisha</translation>
    </message>
</context>
<context>
    <name>PayrollCheckerDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="54"/>
        <source>Approve payroll run {run}</source>
        <translation>Idhinisha malipo ya mishahara {run}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="57"/>
        <source>{employer}: {lines} lines, total {total}, paid on {date}. Made by {maker}.</source>
        <translation>{employer}: mistari {lines}, jumla {total}, yatalipwa tarehe {date}. Yameandaliwa na {maker}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="69"/>
        <source>The employer&apos;s director, or a supervisor, types their own head office login. The password goes to head office once and is not kept here. Whoever made the run cannot approve it.</source>
        <translation>Mkurugenzi wa mwajiri, au msimamizi, anaandika kitambulisho chake cha makao makuu. Nenosiri linatumwa makao makuu mara moja na halihifadhiwi hapa. Aliyeandaa malipo hawezi kuyaidhinisha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="82"/>
        <source>Only to reject: the clerk and the employer read it</source>
        <translation>Kwa kukataa tu: karani na mwajiri wataisoma</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="85"/>
        <source>&amp;User ID</source>
        <translation>&amp;Kitambulisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="86"/>
        <source>Pass&amp;word</source>
        <translation>&amp;Nenosiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="87"/>
        <source>&amp;Reason</source>
        <translation>&amp;Sababu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="97"/>
        <source>&amp;Approve</source>
        <translation>&amp;Idhinisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="100"/>
        <source>Re&amp;ject</source>
        <translation>&amp;Kataa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="123"/>
        <source>Type the checker&apos;s user ID.</source>
        <translation>Andika kitambulisho cha mwidhinishaji.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="125"/>
        <source>Type the checker&apos;s password.</source>
        <translation>Andika nenosiri la mwidhinishaji.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="127"/>
        <source>Say why the run is rejected: a rejection without a reason is refused.</source>
        <translation>Eleza kwa nini malipo yanakataliwa: kukataa bila sababu hakukubaliwi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_checker.py" line="153"/>
        <source>Head office cannot be reached just now: nothing was decided. Try again when the link is back.</source>
        <translation>Makao makuu hayapatikani sasa hivi: hakuna kilichoamuliwa. Jaribu tena mtandao ukirudi.</translation>
    </message>
</context>
<context>
    <name>PayrollLinesTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="85"/>
        <source>Row</source>
        <translation>Mstari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="86"/>
        <source>Name</source>
        <translation>Jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="87"/>
        <source>Account</source>
        <translation>Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="88"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
</context>
<context>
    <name>PayrollProblemsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="68"/>
        <source>Row</source>
        <translation>Mstari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="69"/>
        <source>Column</source>
        <translation>Safu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="70"/>
        <source>Problem</source>
        <translation>Tatizo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="76"/>
        <source>File</source>
        <translation>Faili</translation>
    </message>
</context>
<context>
    <name>PayrollRunDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="147"/>
        <source>Payroll run</source>
        <translation>Malipo ya mishahara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="152"/>
        <source>Choose payroll &amp;file…</source>
        <translation>Chagua &amp;faili ya mishahara…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="156"/>
        <source>No file chosen: a CSV as docs/PAYROLL_CSV.md describes</source>
        <translation>Hakuna faili iliyochaguliwa: CSV kama docs/PAYROLL_CSV.md inavyoeleza</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="166"/>
        <source>&amp;Submit run</source>
        <translation>&amp;Tuma malipo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="169"/>
        <source>Sends the run to head office, where a checker approves it</source>
        <translation>Inatuma malipo makao makuu, ambapo mkaguzi anayaidhinisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="183"/>
        <source>Checker &amp;approves here…</source>
        <translation>Mwidhinishaji &amp;aidhinishe hapa…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="187"/>
        <source>&amp;Print payment advice…</source>
        <translation>&amp;Chapisha taarifa ya malipo…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="191"/>
        <source>E&amp;xport answers as CSV…</source>
        <translation>&amp;Hamisha majibu kama CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="198"/>
        <source>&amp;Employer</source>
        <translation>&amp;Mwajiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="204"/>
        <source>File</source>
        <translation>Faili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="206"/>
        <source>A payroll run is a request: the employer&apos;s money is reserved now, and the employees are paid when a checker at head office approves it. A file with any problem is refused whole.</source>
        <translation>Malipo ya mishahara ni ombi: pesa za mwajiri zinazuiliwa sasa, na wafanyakazi wanalipwa mkaguzi wa makao makuu akiyaidhinisha. Faili yenye tatizo lolote inakataliwa yote.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="213"/>
        <source>&amp;Runs of this employer</source>
        <translation>&amp;Orodha ya malipo ya mwajiri huyu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="255"/>
        <source>Choose the employer first: type its name, CIF or phone</source>
        <translation>Chagua mwajiri kwanza: andika jina lake, CIF au simu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="258"/>
        <source>Payroll file</source>
        <translation>Faili ya mishahara</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="258"/>
        <source>CSV files (*.csv *.txt)</source>
        <translation>Faili za CSV (*.csv *.txt)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="276"/>
        <source>Reading {name}…</source>
        <translation>Inasoma {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="304"/>
        <source>Accepted: {lines} lines, total {total}, paid on {date} ({encoding}, {separator} separated). Check it against the employer&apos;s letter, then submit.</source>
        <translation>Imekubaliwa: mistari {lines}, jumla {total}, kulipwa tarehe {date} ({encoding}, imetenganishwa kwa {separator}). Ilinganishe na barua ya mwajiri, kisha uitume.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="315"/>
        <source>Refused: {count} problems. Nothing is submitted; correct the spreadsheet and choose the file again.</source>
        <translation>Imekataliwa: matatizo {count}. Hakuna kilichotumwa; rekebisha lahajedwali kisha uchague faili tena.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="343"/>
        <source>Submitted; choose another file for another run</source>
        <translation>Imetumwa; chagua faili nyingine kwa malipo mengine</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="345"/>
        <source>Payroll run {reference}: {lines} lines, {total}, pending until a checker at head office approves it.</source>
        <translation>Malipo ya mishahara {reference}: mistari {lines}, {total}, yanasubiri hadi mkaguzi wa makao makuu ayaidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="393"/>
        <source>Head office has not answered this run line by line yet</source>
        <translation>Makao makuu bado hayajajibu malipo haya mstari kwa mstari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="414"/>
        <source>Head office: {message}. Each line&apos;s answer reaches this counter with the next sync.</source>
        <translation>Makao makuu: {message}. Jibu la kila mstari litafika kaunta hii usawazishaji ujao.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="428"/>
        <source>Payment advice {run}</source>
        <translation>Taarifa ya malipo {run}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="441"/>
        <source>Save the answers as CSV</source>
        <translation>Hifadhi majibu kama CSV</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="442"/>
        <source>CSV files (*.csv)</source>
        <translation>Faili za CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="463"/>
        <source>Saved {path}</source>
        <translation>Imehifadhiwa {path}</translation>
    </message>
</context>
<context>
    <name>PayrollRunsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="106"/>
        <source>Run</source>
        <translation>Malipo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="107"/>
        <source>Pay date</source>
        <translation>Tarehe ya malipo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="108"/>
        <source>Lines</source>
        <translation>Mistari</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="109"/>
        <source>Total</source>
        <translation>Jumla</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="110"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/payroll_run.py" line="119"/>
        <source>{paid} of {lines} paid</source>
        <translation>{paid} kati ya {lines} wamelipwa</translation>
    </message>
</context>
<context>
    <name>PolicySalesTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="65"/>
        <source>Date</source>
        <translation>Tarehe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="66"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="67"/>
        <source>Policy</source>
        <translation>Bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="68"/>
        <source>Cover</source>
        <translation>Aina ya bima</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="69"/>
        <source>Sale</source>
        <translation>Mauzo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="70"/>
        <source>Paid</source>
        <translation>Ililipwa kwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="71"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_tables.py" line="72"/>
        <source>Head office</source>
        <translation>Makao makuu</translation>
    </message>
</context>
<context>
    <name>PolicyTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="80"/>
        <source>Type</source>
        <translation>Aina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="81"/>
        <source>Sold</source>
        <translation>Zilizouzwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="82"/>
        <source>In force</source>
        <translation>Zinazotumika</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="83"/>
        <source>Lapsed</source>
        <translation>Zilizokoma</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="84"/>
        <source>Premiums (KES)</source>
        <translation>Ada za bima (KES)</translation>
    </message>
</context>
<context>
    <name>ProductTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="101"/>
        <source>Product</source>
        <translation>Bidhaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="102"/>
        <source>Active loans</source>
        <translation>Mikopo hai</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="103"/>
        <source>Outstanding (KES)</source>
        <translation>Kinachodaiwa (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="104"/>
        <source>NPL ratio</source>
        <translation>Uwiano wa NPL</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/dashboard_tables.py" line="105"/>
        <source>PAR30</source>
        <translation>PAR30</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../../desktop_app/ui/qt_texts.py" line="7"/>
        <source>OK</source>
        <translation>Sawa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/qt_texts.py" line="8"/>
        <source>Cancel</source>
        <translation>Ghairi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/qt_texts.py" line="9"/>
        <source>Close</source>
        <translation>Funga</translation>
    </message>
</context>
<context>
    <name>QuotePanel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="99"/>
        <source>Quote</source>
        <translation>Makadirio</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="135"/>
        <source>Total payable {total}</source>
        <translation>Jumla ya kulipa {total}</translation>
    </message>
</context>
<context>
    <name>QuoteTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="68"/>
        <source>Premium and charges</source>
        <translation>Ada ya bima na tozo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="69"/>
        <source>On (KES)</source>
        <translation>Juu ya (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="70"/>
        <source>Rate</source>
        <translation>Kiwango</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/insure_quote.py" line="71"/>
        <source>KES</source>
        <translation>KES</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="177"/>
        <source>Page {n}</source>
        <translation>Ukurasa {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="188"/>
        <source>&amp;Print</source>
        <translation>&amp;Chapisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="191"/>
        <source>Print (Ctrl+P)</source>
        <translation>Chapisha (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="196"/>
        <source>Close (Escape)</source>
        <translation>Funga (Escape)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="251"/>
        <source>Printing...</source>
        <translation>Inachapisha...</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="263"/>
        <source>Sent to the printer.</source>
        <translation>Imetumwa kwa printa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="279"/>
        <source>Not printed: {reason}</source>
        <translation>Haijachapishwa: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="291"/>
        <source>the printer did not start (is it connected?)</source>
        <translation>printa haikuanza (je, imeunganishwa?)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="329"/>
        <source>Receipt {reference} (COPY {n})</source>
        <translation>Risiti {reference} (NAKALA {n})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="332"/>
        <source>Receipt {reference}</source>
        <translation>Risiti {reference}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/receipt.py" line="368"/>
        <source>Receipt not printed</source>
        <translation>Risiti haijachapishwa</translation>
    </message>
</context>
<context>
    <name>ReceiptsScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="144"/>
        <source>Reference, e.g. 000042</source>
        <translation>Kumbukumbu, mf. 000042</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="147"/>
        <source>&amp;Search:</source>
        <translation>&amp;Tafuta:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="164"/>
        <source>&amp;Reprint</source>
        <translation>&amp;Chapisha tena</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="166"/>
        <source>Print this entry&apos;s receipt again; it will say COPY</source>
        <translation>Chapisha tena risiti ya muamala huu; itaandikwa COPY (nakala)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="225"/>
        <source>{n} entries whose reference contains {text}</source>
        <translation>Miamala {n} ambayo kumbukumbu yake ina {text}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="228"/>
        <source>Today&apos;s entries on this device: {n}</source>
        <translation>Miamala ya leo kwenye kifaa hiki: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/receipts.py" line="250"/>
        <source>Choose an entry in the list to reprint its receipt.</source>
        <translation>Chagua muamala kwenye orodha ili uchapishe tena risiti yake.</translation>
    </message>
</context>
<context>
    <name>RecentEntriesTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="114"/>
        <source>When</source>
        <translation>Wakati</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="115"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="116"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="117"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="118"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
</context>
<context>
    <name>Reconciliation</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="34"/>
        <source>Gap</source>
        <translation>Pengo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="35"/>
        <source>Fork</source>
        <translation>Mgawanyiko</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="36"/>
        <source>Open exception</source>
        <translation>Hitilafu iliyo wazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="37"/>
        <source>Till not closed</source>
        <translation>Droo haijafungwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="38"/>
        <source>Till disagrees</source>
        <translation>Droo haikubaliani</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="41"/>
        <source>Balanced</source>
        <translation>Imelingana</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="42"/>
        <source>Over</source>
        <translation>Ziada</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="43"/>
        <source>Short</source>
        <translation>Upungufu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="44"/>
        <source>Not closed</source>
        <translation>Haijafungwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="45"/>
        <source>Disagrees</source>
        <translation>Haikubaliani</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="50"/>
        <source>Open</source>
        <translation>Wazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="51"/>
        <source>Resolved</source>
        <translation>Imetatuliwa</translation>
    </message>
</context>
<context>
    <name>ReconciliationRefusedTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="275"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="276"/>
        <source>Entry</source>
        <translation>Muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="277"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="278"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="279"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="280"/>
        <source>Code</source>
        <translation>Msimbo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="281"/>
        <source>Why</source>
        <translation>Sababu</translation>
    </message>
</context>
<context>
    <name>ReconciliationScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="91"/>
        <source>Business da&amp;y:</source>
        <translation>Siku ya &amp;kazi:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="96"/>
        <source>All locations</source>
        <translation>Mahali pote</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="97"/>
        <source>&amp;Branch:</source>
        <translation>&amp;Tawi:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="99"/>
        <source>&amp;Show the day</source>
        <translation>&amp;Soma siku</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="132"/>
        <source>Over and short per teller:</source>
        <translation>Ziada na upungufu kwa kila keshia:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="150"/>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="251"/>
        <source>Devices</source>
        <translation>Vifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="151"/>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="252"/>
        <source>Tills</source>
        <translation>Droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="152"/>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="253"/>
        <source>Refused</source>
        <translation>Yaliyokataliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="153"/>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="254"/>
        <source>Exceptions</source>
        <translation>Hitilafu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="154"/>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="255"/>
        <source>Forks</source>
        <translation>Migawanyiko</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="155"/>
        <source>Totals</source>
        <translation>Jumla</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="160"/>
        <source>What keeps the day from being reconciled:</source>
        <translation>Kinachozuia siku kulinganishwa:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="201"/>
        <source>UNRESOLVED: {n} item(s) need head office</source>
        <translation>HAIJATATULIWA: mambo {n} yanahitaji makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="205"/>
        <source>Reconciled: nothing unresolved</source>
        <translation>Imelinganishwa: hakuna kisichotatuliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="208"/>
        <source>every location</source>
        <translation>mahali pote</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="213"/>
        <source>Business day {date}, {where}: {devices} device(s), {entries} entries, {refused} refused, {exceptions} exception(s), {forks} fork(s). Read from head office at {time}.</source>
        <translation>Siku ya kazi {date}, {where}: vifaa {devices}, miamala {entries}, {refused} imekataliwa, hitilafu {exceptions}, migawanyiko {forks}. Imesomwa kutoka makao makuu {time}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="236"/>
        <source>The first {shown} of {all} refused entries are listed.</source>
        <translation>Miamala {shown} ya kwanza kati ya {all} iliyokataliwa imeorodheshwa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="240"/>
        <source>{n} entries refused that day.</source>
        <translation>Miamala {n} ilikataliwa siku hiyo.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="243"/>
        <source>{code}: {open} open, {resolved} resolved</source>
        <translation>{code}: {open} wazi, {resolved} imetatuliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation.py" line="248"/>
        <source>No exceptions that day.</source>
        <translation>Hakuna hitilafu siku hiyo.</translation>
    </message>
</context>
<context>
    <name>RefusedTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="21"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="22"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="23"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="24"/>
        <source>Code</source>
        <translation>Msimbo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="25"/>
        <source>Reason</source>
        <translation>Sababu</translation>
    </message>
</context>
<context>
    <name>RegisterCustomerDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="211"/>
        <source>Register a customer</source>
        <translation>Sajili mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="214"/>
        <source>7 or 8 digits, as on the card</source>
        <translation>Tarakimu 7 au 8, kama zilivyo kwenye kitambulisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="219"/>
        <source>e.g. 0712 345 678</source>
        <translation>mf. 0712 345 678</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="223"/>
        <source>Tier {tier}</source>
        <translation>Daraja {tier}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="233"/>
        <source>National &amp;ID</source>
        <translation>Kitambulisho cha &amp;taifa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="234"/>
        <source>Full &amp;name</source>
        <translation>Jina &amp;kamili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="235"/>
        <source>P&amp;hone</source>
        <translation>&amp;Simu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="236"/>
        <source>KYC &amp;tier</source>
        <translation>&amp;Daraja la KYC</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="237"/>
        <source>ID photo</source>
        <translation>Picha ya kitambulisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="241"/>
        <source>&amp;Register</source>
        <translation>Sa&amp;jili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/register_customer.py" line="274"/>
        <source>Wait until the photo has been read</source>
        <translation>Subiri hadi picha isomwe</translation>
    </message>
</context>
<context>
    <name>RejectReasonDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="18"/>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="23"/>
        <source>Reject</source>
        <translation>Kataa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="19"/>
        <source>Reject &lt;b&gt;{item}&lt;/b&gt;?</source>
        <translation>Kataa &lt;b&gt;{item}&lt;/b&gt;?</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="21"/>
        <source>e.g. The deposit was right; the customer confirmed it</source>
        <translation>mf. Pesa zilizowekwa zilikuwa sahihi; mteja amethibitisha</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="22"/>
        <source>&amp;Why:</source>
        <translation>&amp;Sababu:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="20"/>
        <source>The teller and the customer will read the reason.</source>
        <translation>Keshia na mteja watasoma sababu hii.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/reject_reason.py" line="24"/>
        <source>Say why it is rejected: a rejection without a reason is refused.</source>
        <translation>Eleza sababu ya kukataa: kukataa bila sababu hakukubaliwi.</translation>
    </message>
</context>
<context>
    <name>RevokeDeviceDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="18"/>
        <source>Revoke a device</source>
        <translation>Batilisha kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="19"/>
        <source>Revoke &lt;b&gt;{device}&lt;/b&gt;?</source>
        <translation>Batilisha &lt;b&gt;{device}&lt;/b&gt;?</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="21"/>
        <source>Head office will refuse everything it sends from now on, and its users can no longer work online on it. Entries it has not synced stay on that PC. To use the PC again, enrol it anew.</source>
        <translation>Makao makuu yatakataa kila kitu kitakachotuma kuanzia sasa, na watumiaji wake hawataweza kufanya kazi mtandaoni kupitia hicho. Miamala ambayo haijasawazishwa inabaki kwenye kompyuta hiyo. Ili kuitumia tena, isajili upya.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="24"/>
        <source>e.g. Laptop stolen from the branch on 23 November</source>
        <translation>mf. Kompyuta iliibiwa tawini tarehe 23 Novemba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="25"/>
        <source>&amp;Why:</source>
        <translation>&amp;Kwa nini:</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="26"/>
        <source>&amp;Revoke…</source>
        <translation>&amp;Batilisha…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/revoke_device.py" line="27"/>
        <source>Say why the device is revoked: head office keeps the reason.</source>
        <translation>Sema kwa nini kifaa kinabatilishwa: makao makuu huhifadhi sababu.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="37"/>
        <source>Teller</source>
        <translation>Keshia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="38"/>
        <source>Agent</source>
        <translation>Wakala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="39"/>
        <source>Supervisor</source>
        <translation>Msimamizi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="40"/>
        <source>Head office</source>
        <translation>Makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/formatting.py" line="41"/>
        <source>Director</source>
        <translation>Mkurugenzi</translation>
    </message>
</context>
<context>
    <name>SaveScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="94"/>
        <source>This &amp;month</source>
        <translation>Mwe&amp;zi huu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="95"/>
        <source>From the 1st of this month to today</source>
        <translation>Kuanzia tarehe 1 ya mwezi huu hadi leo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="96"/>
        <source>&amp;Last month</source>
        <translation>Mwezi &amp;uliopita</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="97"/>
        <source>The whole of last month</source>
        <translation>Mwezi mzima uliopita</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="99"/>
        <source>Last &amp;3 months</source>
        <translation>Miezi &amp;3 iliyopita</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="101"/>
        <source>From this day three months ago to today</source>
        <translation>Kuanzia siku hii miezi mitatu iliyopita hadi leo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="102"/>
        <source>&amp;Balance enquiry</source>
        <translation>Uliza &amp;salio</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="103"/>
        <source>&amp;Statement…</source>
        <translation>&amp;Taarifa ya akaunti…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="120"/>
        <source>&amp;Customer</source>
        <translation>&amp;Mteja</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="121"/>
        <source>&amp;Account</source>
        <translation>&amp;Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="124"/>
        <source>&amp;To</source>
        <translation>&amp;Hadi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="135"/>
        <source>&amp;From</source>
        <translation>&amp;Kuanzia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="205"/>
        <source>Balance at head office</source>
        <translation>Salio katika makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="224"/>
        <source>Statement from head office</source>
        <translation>Taarifa ya akaunti kutoka makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="229"/>
        <source>Account</source>
        <translation>Akaunti</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="230"/>
        <source>Period</source>
        <translation>Kipindi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="231"/>
        <source>Opening balance</source>
        <translation>Salio la mwanzo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="234"/>
        <source>Closing balance</source>
        <translation>Salio la mwisho</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="252"/>
        <source>Sa&amp;ve as PDF…</source>
        <translation>Hifadhi kama &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="253"/>
        <source>Save the statement as a PDF file, to e-mail or archive</source>
        <translation>Hifadhi taarifa kama faili la PDF, ili uitume kwa barua pepe au uiweke kwenye kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="254"/>
        <source>Show a&amp;gain</source>
        <translation>Onyesha t&amp;ena</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="255"/>
        <source>Open the statement again, to print it</source>
        <translation>Fungua taarifa tena, ili uichapishe</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="303"/>
        <source>Statements come from head office: online only. This device is not connected to a server.</source>
        <translation>Taarifa za akaunti hutoka makao makuu: mtandaoni tu. Kifaa hiki hakijaunganishwa na seva.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="307"/>
        <source>Statements come from head office: online only. Head office cannot be reached now; these buttons work again as soon as the link is back.</source>
        <translation>Taarifa za akaunti hutoka makao makuu: mtandaoni tu. Makao makuu hayapatikani sasa; vitufe hivi vitafanya kazi tena mara tu mtandao utakaporudi.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="316"/>
        <source>The balance in head office&apos;s books today</source>
        <translation>Salio lililo kwenye vitabu vya makao makuu leo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="319"/>
        <source>Enter: the statement of the period from head office, to print or save</source>
        <translation>Enter: taarifa ya kipindi kutoka makao makuu, ili uichapishe au uihifadhi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="341"/>
        <source>Reading {name}&apos;s accounts…</source>
        <translation>Inasoma akaunti za {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="360"/>
        <source>{name} has no wallet or savings account on this device</source>
        <translation>{name} hana pochi wala akaunti ya akiba kwenye kifaa hiki</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="391"/>
        <source>The period starts {start}, after it ends {end}: choose a from date on or before the to date.</source>
        <translation>Kipindi kinaanza {start}, baada ya mwisho wake {end}: chagua tarehe ya kuanzia iliyo kabla ya tarehe ya mwisho au sawa nayo.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="396"/>
        <source>A statement covers at most {days_max} days; {start} to {end} is {days} days. Choose a shorter period, a year at a time.</source>
        <translation>Taarifa moja haizidi siku {days_max}; kutoka {start} hadi {end} ni siku {days}. Chagua kipindi kifupi zaidi, mwaka mmoja kwa wakati.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="407"/>
        <source>Choose the customer first: type a national ID, phone or name</source>
        <translation>Chagua mteja kwanza: andika nambari ya kitambulisho, simu au jina</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="411"/>
        <source>Choose the account: the wallet or a savings account</source>
        <translation>Chagua akaunti: pochi au akaunti ya akiba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="415"/>
        <source>Not sent: head office cannot be reached now.</source>
        <translation>Haikutumwa: makao makuu hayapatikani sasa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="440"/>
        <source>Asking head office for the balance…</source>
        <translation>Inauliza makao makuu salio…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="458"/>
        <source>{name} · {account}, on {date}. Head office read its books at {time}; withdrawals authorised online and not yet synced are not taken off.</source>
        <translation>{name} · {account}, tarehe {date}. Makao makuu yalisoma vitabu vyake {time}; pesa zilizoidhinishwa kutolewa mtandaoni ambazo bado hazijasawazishwa hazijaondolewa kwenye salio hili.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="485"/>
        <source>Asking head office for the statement…</source>
        <translation>Inaomba taarifa kutoka makao makuu…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="512"/>
        <source>{start} to {end}</source>
        <translation>{start} hadi {end}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="518"/>
        <source>Total credits ({n})</source>
        <translation>Jumla ya pesa zilizoingia ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="520"/>
        <source>Total debits ({n})</source>
        <translation>Jumla ya pesa zilizotoka ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="529"/>
        <source>Statement {account}, {start} to {end}</source>
        <translation>Taarifa ya {account}, {start} hadi {end}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="553"/>
        <source>Preparing the statement…</source>
        <translation>Inaandaa taarifa…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="588"/>
        <source>Save the statement as PDF</source>
        <translation>Hifadhi taarifa kama PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="590"/>
        <source>PDF files (*.pdf)</source>
        <translation>Faili za PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/save.py" line="615"/>
        <source>Saved {path}</source>
        <translation>Imehifadhiwa: {path}</translation>
    </message>
</context>
<context>
    <name>ScheduleTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="124"/>
        <source>No.</source>
        <translation>Na.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="125"/>
        <source>Due date</source>
        <translation>Tarehe ya kulipa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="126"/>
        <source>Principal</source>
        <translation>Kiasi cha msingi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="127"/>
        <source>Interest</source>
        <translation>Riba</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="128"/>
        <source>Total</source>
        <translation>Jumla</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/loan_application.py" line="129"/>
        <source>Balance after</source>
        <translation>Salio baada yake</translation>
    </message>
</context>
<context>
    <name>StatusStrip</name>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="39"/>
        <source>Online</source>
        <translation>Mtandaoni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="39"/>
        <source>Offline</source>
        <translation>Nje ya mtandao</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="42"/>
        <source>Not connected to head office</source>
        <translation>Haijaunganishwa na makao makuu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="52"/>
        <source>{n} waiting, oldest {age}</source>
        <translation>{n} inasubiri, wa zamani zaidi {age}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="57"/>
        <source>Nothing waiting</source>
        <translation>Hakuna kinachosubiri</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="59"/>
        <source>{n} refused</source>
        <translation>{n} imekataliwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="62"/>
        <source>Last sync: {when}</source>
        <translation>Usawazishaji wa mwisho: {when}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="64"/>
        <source>Offline allowance: none</source>
        <translation>Kikomo nje ya mtandao: hakuna</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/widgets/status_strip.py" line="66"/>
        <source>Offline allowance: {left}</source>
        <translation>Kikomo nje ya mtandao: {left}</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="49"/>
        <source>Sync now</source>
        <translation>Sawazisha sasa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="63"/>
        <source>Refused by head office (set aside for a supervisor):</source>
        <translation>Miamala iliyokataliwa na makao makuu (imewekwa kando kwa ajili ya msimamizi):</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="74"/>
        <source>This device is not connected to a server.</source>
        <translation>Kifaa hiki hakijaunganishwa na seva.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="76"/>
        <source>Online</source>
        <translation>Mtandaoni</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="76"/>
        <source>Offline</source>
        <translation>Nje ya mtandao</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/sync.py" line="79"/>
        <source>{link}. {n} entries waiting; the oldest for {age}. Last sync: {last}.</source>
        <translation>{link}. Miamala {n} inasubiri; wa zamani zaidi kwa {age}. Usawazishaji wa mwisho: {last}.</translation>
    </message>
</context>
<context>
    <name>TellerTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="245"/>
        <source>Location</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="246"/>
        <source>Teller</source>
        <translation>Keshia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="247"/>
        <source>Tills</source>
        <translation>Droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="248"/>
        <source>Over</source>
        <translation>Ziada</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="249"/>
        <source>Short</source>
        <translation>Upungufu</translation>
    </message>
</context>
<context>
    <name>TierLimitsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="139"/>
        <source>Where</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="140"/>
        <source>Per transaction</source>
        <translation>Kwa kila muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="141"/>
        <source>Per day</source>
        <translation>Kwa siku</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="142"/>
        <source>Balance cap</source>
        <translation>Kikomo cha salio</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/customer_tables.py" line="151"/>
        <source>no cap</source>
        <translation>hakuna kikomo</translation>
    </message>
</context>
<context>
    <name>TillScreen</name>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="143"/>
        <location filename="../../desktop_app/ui/screens/till.py" line="333"/>
        <source>Open the till</source>
        <translation>Fungua droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="146"/>
        <source>Opening &amp;float from the vault (KES):</source>
        <translation>Pesa ya kuanzia kutoka &amp;hazina (KES):</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="148"/>
        <source>&amp;Open till</source>
        <translation>&amp;Fungua droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="157"/>
        <source>Position</source>
        <translation>Hali ya droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="174"/>
        <source>Count and close</source>
        <translation>Hesabu na ufunge</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="180"/>
        <source>&amp;Close till</source>
        <translation>Fun&amp;ga droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="183"/>
        <source>End-of-day &amp;report</source>
        <translation>&amp;Ripoti ya mwisho wa siku</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="211"/>
        <source>An agent works from a float; this device has no till.</source>
        <translation>Wakala hufanya kazi kwa float; kifaa hiki hakina droo ya pesa.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="237"/>
        <source>Reading the till…</source>
        <translation>Inasoma droo…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="239"/>
        <source>The till is closed. Open it with a float from the vault.</source>
        <translation>Droo imefungwa. Ifungue kwa pesa ya kuanzia kutoka hazina.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="242"/>
        <source>The till is open for you, business date {date}.</source>
        <translation>Droo iko wazi kwa ajili yako, tarehe ya kazi {date}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="246"/>
        <source>The till is open for {user}, business date {date}; only they may count and close it.</source>
        <translation>Droo iko wazi kwa {user}, tarehe ya kazi {date}; ni yeye tu anayeweza kuihesabu na kuifunga.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="256"/>
        <source>The drawer should hold: {amount}</source>
        <translation>Droo inapaswa kuwa na: {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="262"/>
        <source>{n} entries have not reached head office; closing now needs a supervisor, and the end-of-day report lists them.</source>
        <translation>Miamala {n} haijafika makao makuu; kufunga sasa kunahitaji msimamizi, na ripoti ya mwisho wa siku inaiorodhesha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="266"/>
        <source>Every entry has reached head office.</source>
        <translation>Miamala yote imefika makao makuu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="280"/>
        <source>Counted {counted}: balanced.</source>
        <translation>Umehesabu {counted}: inalingana.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="282"/>
        <source>Counted {counted}: over by {difference}; a supervisor must approve.</source>
        <translation>Umehesabu {counted}: ziada ya {difference}; lazima msimamizi aidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="286"/>
        <source>Counted {counted}: short by {difference}; a supervisor must approve.</source>
        <translation>Umehesabu {counted}: upungufu wa {difference}; lazima msimamizi aidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="318"/>
        <source>Till {till} to vault {vault}</source>
        <translation>Droo {till} kwenda hazina {vault}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="319"/>
        <source>Vault {vault} to till {till}</source>
        <translation>Hazina {vault} kwenda droo {till}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="336"/>
        <source>Count the float from the vault before you confirm.</source>
        <translation>Hesabu pesa ya kuanzia kutoka hazina kabla ya kuthibitisha.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="348"/>
        <source>Till opened with {amount} ({reference}).</source>
        <translation>Droo imefunguliwa kwa {amount} ({reference}).</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="373"/>
        <source>Count the cash in the drawer first: type the pieces of each note and coin.</source>
        <translation>Hesabu pesa zilizo kwenye droo kwanza: andika idadi ya kila noti na sarafu.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="379"/>
        <source>The journal says the drawer holds {expected}.</source>
        <translation>Kwa mujibu wa daftari, droo ina {expected}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="381"/>
        <source>Over by {amount}: a supervisor must approve.</source>
        <translation>Ziada ya {amount}: lazima msimamizi aidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="384"/>
        <source>Short by {amount}: a supervisor must approve.</source>
        <translation>Upungufu wa {amount}: lazima msimamizi aidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="387"/>
        <source>{n} entries have not reached head office: a supervisor must approve.</source>
        <translation>Miamala {n} haijafika makao makuu: lazima msimamizi aidhinishe.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="390"/>
        <source>Close the till</source>
        <translation>Funga droo</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="407"/>
        <source>balanced</source>
        <translation>inalingana</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="409"/>
        <source>over by {amount}</source>
        <translation>ziada ya {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="411"/>
        <source>short by {amount}</source>
        <translation>upungufu wa {amount}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="413"/>
        <source>Till closed: {counted} back to the vault, {summary} ({reference}).</source>
        <translation>Droo imefungwa: {counted} zimerudishwa hazina, {summary} ({reference}).</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="437"/>
        <source>End-of-day report, {date}</source>
        <translation>Ripoti ya mwisho wa siku, {date}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="457"/>
        <source>Recording…</source>
        <translation>Inarekodi…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="486"/>
        <source>Cancelled: nothing was recorded.</source>
        <translation>Imeghairiwa: hakuna kilichorekodiwa.</translation>
    </message>
</context>
<context>
    <name>TillTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="211"/>
        <source>Location</source>
        <translation>Mahali</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="212"/>
        <source>Device</source>
        <translation>Kifaa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="213"/>
        <source>Teller</source>
        <translation>Keshia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="214"/>
        <source>Opening float</source>
        <translation>Pesa za kuanzia</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="215"/>
        <source>Journal says</source>
        <translation>Kulingana na jarida</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="216"/>
        <source>Counted</source>
        <translation>Zilizohesabiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="217"/>
        <source>Over / short</source>
        <translation>Ziada / upungufu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="218"/>
        <source>Status</source>
        <translation>Hali</translation>
    </message>
</context>
<context>
    <name>TillTotalsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="66"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="67"/>
        <source>Entries</source>
        <translation>Miamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="68"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
</context>
<context>
    <name>TotalsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="359"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="360"/>
        <source>Entries booked</source>
        <translation>Miamala iliyorekodiwa</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/reconciliation_tables.py" line="361"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
</context>
<context>
    <name>UnsyncedTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="81"/>
        <source>Reference</source>
        <translation>Kumbukumbu</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="82"/>
        <source>Operation</source>
        <translation>Aina ya muamala</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="83"/>
        <source>Amount</source>
        <translation>Kiasi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/screens/till.py" line="84"/>
        <source>Recorded</source>
        <translation>Ilirekodiwa</translation>
    </message>
</context>
<context>
    <name>WibaPayrollDialog</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="59"/>
        <source>e.g. Drivers</source>
        <translation>k.m. Madereva</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="67"/>
        <source>Class {number} ({rate}): {description}</source>
        <translation>Daraja {number} ({rate}): {description}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="85"/>
        <source>Remove this category</source>
        <translation>Ondoa kundi hili</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="108"/>
        <source>WIBA: the annual payroll by occupation class</source>
        <translation>WIBA: mishahara ya mwaka kwa daraja la kazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="114"/>
        <source>One row for each category of staff: the occupation class sets the rate, and the premium is the rate of the category&apos;s annual payroll (gross pay for the year).</source>
        <translation>Safu moja kwa kila kundi la wafanyakazi: daraja la kazi huamua kiwango, na ada ya bima ni kiwango hicho cha mishahara ya mwaka ya kundi (malipo yote ya mwaka kabla ya makato).</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="121"/>
        <source>Staff category</source>
        <translation>Kundi la wafanyakazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="121"/>
        <source>Occupation class</source>
        <translation>Daraja la kazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="121"/>
        <source>Employees</source>
        <translation>Wafanyakazi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="122"/>
        <source>Annual payroll (KES)</source>
        <translation>Mishahara ya mwaka (KES)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="137"/>
        <source>&amp;Add a category</source>
        <translation>Ongeza &amp;kundi</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="148"/>
        <source>Use this payroll</source>
        <translation>Tumia mishahara hii</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="229"/>
        <source>Row {number}: type how many employees this payroll pays</source>
        <translation>Safu {number}: andika idadi ya wafanyakazi wanaolipwa mishahara hii</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="236"/>
        <source>Row {number}: {reason}</source>
        <translation>Safu {number}: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs/wiba_payroll.py" line="241"/>
        <source>Type the annual payroll of at least one category of staff</source>
        <translation>Andika mishahara ya mwaka ya angalau kundi moja la wafanyakazi</translation>
    </message>
</context>
</TS>
