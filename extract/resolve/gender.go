package resolve

import "strings"

// firstNames is a small list of common given names whose bearers are
// overwhelmingly of one gender in English-language news. Names used for
// both are left out, so their gender stays unknown.
var firstNames = func() map[string]byte {
	m := map[string]byte{}
	for _, n := range strings.Fields(`james john robert michael william david richard joseph thomas charles
		christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
		timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
		brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
		nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold
		sean austin carl arthur lawrence dylan jesse bryan billy bruce gabriel logan albert willie
		alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis barack bill
		boris vladimir sergei sergey dmitry dmitri alexei alexey ivan igor mikhail nikolai viktor
		emmanuel francois jacques pierre jean-luc olaf friedrich helmut gerhard angelo giuseppe giorgio mario
		luigi carlos miguel luis jorge pedro antonio manuel xi hassan mohammed muhammad ahmed ali omar
		ibrahim abdullah recep benjamin narendra rahul shinzo fumio yoshihide keir rishi tony gordon
		winston neville harry marco antony elon jeff warren tim sundar satya mike
		joe hunter kamala ted mitch chuck lindsey rand nigel jeremy ed liam oliver jack hugh ian colin neil
		martin simon graham stuart duncan hans karl otto klaus wolfgang jurgen heinz lars sven erik magnus
		luke isaac owen caleb nathan evan gavin leo jackson aiden lucas`) {
		m[n] = 'm'
	}
	for _, n := range strings.Fields(`mary patricia jennifer linda elizabeth barbara susan jessica sarah karen
		lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa
		deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
		nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
		julie olivia joyce virginia victoria lauren christina joan evelyn judith megan cheryl
		hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice abigail alice judy
		sophia grace denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
		charlotte marie kayla lori hillary kamala nancy condoleezza madeleine theresa angela ursula
		christine kaja marine ségolène segolene liz kemi yulia iryna olena natalia tatiana svetlana
		irina olga elena anastasia marina nadia fatima aisha mariam leila indira benazir golda jacinda
		sanna mette annalena greta malala oprah beyonce serena camilla diana
		kate meghan anne sophie claire isabelle chloe lucy ellen susanne ingrid astrid
		maya zoe ella mia ava amelia harper evelyn abigail emily madison lily aria scarlett layla
		penelope nora hazel violet aurora savannah audrey brooklyn bella claire skylar lucy paisley
		anna caroline nova genesis emilia kennedy valentina ruby eva autumn ivy sadie piper
		priya sunita`) {
		if m[n] == 'm' {
			delete(m, n)
			continue
		}
		m[n] = 'f'
	}
	return m
}()

// firstNameGender returns the gender a person name's first word suggests,
// or 0 when unknown.
func firstNameGender(name string) byte {
	ws := strings.Fields(name)
	if len(ws) < 2 {
		return 0
	}
	return firstNames[lower(ws[0])]
}
